/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.OnionServiceKey;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Our sending James delivers to Debian's Postfix behind an onion of the private Tor network,
 * as onionmx operators run it: STARTTLS with a self-signed key, no XPOW, no XONION. Mail is
 * read from Postfix's mbox file, refusals from Postfix's own log. Tests that change
 * Postfix's key put the first one back, so the tests run in any order.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class PostfixOnionMxIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ServerIdentity SENDER = IntegrationEnvironment.freshIdentity("PostfixOnionMxIT-sender");
    /** Postfix's onion: the operator's tor key, nothing of ours. */
    private static final OnionServiceKey MX_KEY = OnionServiceKey.generate(new SecureRandom());
    private static final OnionAddress MX = MX_KEY.onion();
    private static final String RECIPIENT = PostfixMx.MAILBOX_USER + "@" + MX.asString();
    private static final int MAX_RETRIES = 6;

    @RegisterExtension
    static JamesServerExtension sender = OnionSender.james(SENDER)
        .configuredWith(conf -> conf
            // Short, so that a changed key bounces within the test.
            .value("delayTime", "2 seconds")
            .value("maxRetries", MAX_RETRIES));

    private static PostfixMx postfix;
    private static OnionService published;
    private static TorNetwork tor;

    @BeforeAll
    static void startPostfixBehindItsOnion(TorNetwork network) {
        tor = network;
        postfix = PostfixMx.start(IntegrationEnvironment.workDir().resolve("PostfixOnionMxIT-postfix"), MX);
        published = network.onionHost().publish(MX_KEY, 25, postfix.port());
        network.onionHost().awaitUploaded(published, PATIENCE);
    }

    @AfterAll
    static void stopPostfix() {
        if (published != null) {
            tor.onionHost().unpublish(published);
        }
        if (postfix != null) {
            postfix.close();
        }
    }

    @Test
    void mailToTheBareOnionShouldArriveInPostfixsMailboxTrustedOnFirstUse() throws Exception {
        String subject = LabMail.send(sender, RECIPIENT);

        assertThat(awaitDelivered(subject)).contains("Subject: " + subject);
        assertThat(sender.server().workingDirectory().resolve("var/smtorp/pins").resolve(MX.serviceId() + ".pin"))
            .content().contains(postfix.fingerprint().asString());
    }

    @Test
    void mailToTheFingerprintAddressShouldArrivePinned() throws Exception {
        // The address the operator publishes, made with the command docs/postfix.md gives.
        String fingerprint = documentedFingerprint();
        assertThat(fingerprint).isEqualTo(postfix.fingerprint().asString());

        String subject = LabMail.send(sender, PostfixMx.MAILBOX_USER + "@" + fingerprint + "." + MX.asString());

        assertThat(awaitDelivered(subject)).contains("Subject: " + subject);
        assertThat(sender.server().logFile()).content().contains("TLS pin verified for " + MX.asString() + ": "
            + Fingerprint.parse(fingerprint).abbreviate(Fingerprint.MIN_BITS).asString());
    }

    @Test
    void mailInPostfixsMailboxShouldNameNoInternalHostOrAddressOfTheSender() throws Exception {
        String subject = LabMail.send(sender, RECIPIENT);

        List<String> headers = headers(awaitDelivered(subject));
        // Postfix adds these four itself; its trace line records tor's loopback connection
        // and must show our onion as EHLO. Every other header is what the sender sent.
        List<String> postfixs = List.of("Return-Path:", "X-Original-To:", "Delivered-To:", "Received:");
        assertThat(headers).filteredOn(header -> header.startsWith("Received:")).singleElement()
            .satisfies(trace -> assertThat(trace).contains("from " + SENDER.onion().asString() + " ")
                .contains("by " + MX.asString() + " (Postfix) with ESMTPS"));
        List<String> sent = headers.stream().filter(header -> postfixs.stream().noneMatch(header::startsWith))
            .collect(Collectors.toList());
        Pattern hostName = Pattern.compile("(?i)(^|[^a-z0-9-])" + Pattern.quote(InetAddress.getLocalHost().getHostName())
            + "($|[^a-z0-9-])");
        assertThat(sent).noneMatch(header -> header.contains("127.0.0.1"))
            .noneMatch(header -> hostName.matcher(header).find())
            .noneMatch(header -> header.toLowerCase(Locale.ROOT).contains("localhost"))
            .noneMatch(header -> header.contains("internal.example"))
            .noneMatch(header -> header.contains("10.1.2.3"))
            .noneMatch(header -> header.startsWith("X-Originating-IP"));
        assertThat(sent).anyMatch(header -> header.matches("Message-ID: <.+@" + SENDER.onion().asString() + ">"));
    }

    @Test
    void aNewKeyShouldBeRefusedForTheFirstUsePinRetriedThenBouncedWithNothingSent() throws Exception {
        // The first use pins Postfix's first key (if no other test did).
        awaitDelivered(LabMail.send(sender, RECIPIENT));
        String pinned = postfix.fingerprint().asString();
        postfix.restartWithNewKey();
        try {
            String mailboxBefore = postfix.mailbox();
            int logBefore = postfix.log().length();

            String subject = LabMail.send(sender, RECIPIENT);

            String bounce = LabMail.awaitMail(sender, subject, Duration.ofMinutes(4));
            assertThat(bounce).contains("key change refused for " + MX.asString())
                .contains(pinned).contains(postfix.fingerprint().asString());
            assertThat(sender.server().logFile()).content().contains("retry 2 of");
            assertNothingSentSince(mailboxBefore, logBefore, MAX_RETRIES);
        } finally {
            postfix.restartWithFirstKey();
        }
    }

    @Test
    void aNewKeyShouldBounceMailToTheFingerprintAddressAtOnceWithNothingSent() throws Exception {
        String named = postfix.fingerprint().asString();
        postfix.restartWithNewKey();
        try {
            String mailboxBefore = postfix.mailbox();
            int logBefore = postfix.log().length();

            String subject = LabMail.send(sender, PostfixMx.MAILBOX_USER + "@" + named + "." + MX.asString());

            String bounce = LabMail.awaitMail(sender, subject, PATIENCE);
            assertThat(bounce).contains("pin mismatch").contains(named).contains(postfix.fingerprint().asString());
            assertNothingSentSince(mailboxBefore, logBefore, 1);
        } finally {
            postfix.restartWithFirstKey();
        }
    }

    /**
     * The mailbox did not grow, and Postfix's log since then shows our James got as far as
     * STARTTLS at least {@code connections} times but never gave MAIL FROM, nor did any
     * message enter Postfix's queue.
     */
    private static void assertNothingSentSince(String mailboxBefore, int logBefore, int connections) {
        assertThat(postfix.mailbox()).isEqualTo(mailboxBefore);
        String log = postfix.log().substring(logBefore);
        // smtpd counts each session's commands when it ends: "disconnect from ... ehlo=1 starttls=0/1 ...".
        List<String> sessions = log.lines().filter(line -> line.contains("postfix/smtpd[")
            && line.contains(" disconnect from ")).collect(Collectors.toList());
        assertThat(sessions).as(log).filteredOn(line -> line.contains(" starttls=")).hasSizeGreaterThanOrEqualTo(connections);
        assertThat(sessions).as(log).noneMatch(line -> line.contains(" mail=") || line.contains(" data="));
        assertThat(log).doesNotContain("postfix/cleanup[").doesNotContain("postfix/qmgr[")
            .doesNotContain("from=<alice@");
    }

    /** The message in Postfix's mbox file whose subject is {@code subject}, once it is there. */
    private static String awaitDelivered(String subject) {
        String[] found = new String[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String message : postfix.mailbox().split("(?m)^(?=From )")) {
                if (message.contains("\nSubject: " + subject + "\n")) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The header fields of an mbox message (after its "From " line), unfolded, in order. */
    private static List<String> headers(String message) {
        String head = message.substring(message.indexOf('\n') + 1, message.indexOf("\n\n")).replaceAll("\n[ \t]+", " ");
        return List.of(head.split("\n"));
    }

    // docs/postfix.md: the fingerprint of the certificate's key, with openssl and coreutils.
    private static String documentedFingerprint() throws IOException, InterruptedException {
        String command = "openssl x509 -in \"$1\" -noout -pubkey | openssl pkey -pubin -outform DER"
            + " | openssl dgst -sha256 -binary | base32 -w0 | tr -d = | tr A-Z a-z";
        Process process = new ProcessBuilder("bash", "-o", "pipefail", "-c", command, "fingerprint",
            postfix.certificateFile().toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
