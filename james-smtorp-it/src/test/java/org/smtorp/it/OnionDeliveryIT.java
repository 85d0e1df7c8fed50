/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Two real James servers with their own onions and TLS identities: the sender's
 * OnionRemoteDelivery reaches the receiver's implicit-TLS listener through the private Tor
 * network. Deliveries are checked in the receiver's repository through its WebAdmin, bounces
 * in the sender's.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class OnionDeliveryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final ServerIdentity RECEIVER = IntegrationEnvironment.freshIdentity("OnionDeliveryIT-receiver");
    private static final ServerIdentity SENDER = IntegrationEnvironment.freshIdentity("OnionDeliveryIT-sender");
    private static final SmtorpDomain BARE = RECEIVER.domain().withoutFingerprint();
    private static final SmtorpDomain FULL = RECEIVER.domain();
    private static final SmtorpDomain ABBREVIATED = BARE.withFingerprint(RECEIVER.fingerprint().abbreviate(80));
    private static final Path RESOURCES = Path.of(System.getProperty("smtorp.testResources"), "conf");
    /** An onion first served with the receiver's TLS key, then by its own James with another one. */
    private static final ServerIdentity REKEYED = IntegrationEnvironment.freshIdentity("OnionDeliveryIT-rekeyed");
    // Before any James starts: the sender's dnsservice.xml names it as the only server.
    private static final DnsTrap DNS = DnsTrap.start();

    // The receiver's onion listener is the shipped conf/smtpserver-onion.xml, its XpowHandler
    // taking only argon2id proofs at a difficulty solved in well under a second (equihash, on
    // by default, off: DemoCommandIT pays with it at the shipped price, XpowIT checks what it records).
    private static final String POW_ALGORITHM = "argon2id";
    private static final int POW_BITS = 3;

    @RegisterExtension
    static JamesServerExtension receiver = OnionListener.jamesOffering(RECEIVER,
            "equihash=off", POW_ALGORITHM + "=" + POW_BITS, "sha256=off", "hashcash=off")
        .configuredWith(conf -> conf.confLayer(RESOURCES.resolve("onion-receiver")));

    @RegisterExtension
    static JamesServerExtension rekeyed = OnionListener.jamesOffering(REKEYED,
            "equihash=off", POW_ALGORITHM + "=" + POW_BITS, "sha256=off", "hashcash=off")
        .configuredWith(conf -> conf.confLayer(RESOURCES.resolve("onion-receiver")));

    @RegisterExtension
    static JamesServerExtension sender = OnionSender.james(SENDER)
        .configuredWith(conf -> conf
            // Short, so that an unreachable onion bounces within the test; many, so that a first
            // descriptor lookup that fails does not.
            .value("delayTime", "2 seconds")
            .value("maxRetries", 15));

    private static OnionService published;
    private static TorNetwork tor;

    @BeforeAll
    static void publishTheReceiver(TorNetwork network) throws Exception {
        // The onion listener's ValidRcptHandler refuses recipients without a mailbox.
        new WebAdmin(receiver.port(OnionListener.WEBADMIN)).createUser("bob@" + BARE.asString(), "bobs-password");
        tor = network;
        published = OnionListener.publish(network, RECEIVER, receiver, PATIENCE);
    }

    @AfterAll
    static void unpublish() {
        if (published != null) {
            tor.onionHost().unpublish(published);
        }
        DNS.close();
    }

    @Test
    void mailToTheFullFingerprintShouldArrive() throws Exception {
        String subject = send("bob@" + FULL.asString());

        assertThat(awaitMail(receiver, subject)).contains("Subject: " + subject);
    }

    @Test
    void mailToAnAbbreviatedFingerprintShouldArrive() throws Exception {
        String subject = send("bob@" + ABBREVIATED.asString());

        assertThat(awaitMail(receiver, subject)).contains("Subject: " + subject);
    }

    @Test
    void mailWithoutFingerprintShouldArriveTrustedOnFirstUse() throws Exception {
        String subject = send("bob@" + BARE.asString());

        assertThat(awaitMail(receiver, subject)).contains("Subject: " + subject);
        assertThat(sender.server().workingDirectory().resolve("var/smtorp/pins")
            .resolve(RECEIVER.onion().serviceId() + ".pin")).content().contains(RECEIVER.fingerprint().asString());
    }

    @Test
    void aServerRequiringProofOfWorkShouldGetItSolvedAndAccepted() throws Exception {
        String subject = send("bob@" + FULL.asString());

        awaitMail(receiver, subject);
        assertThat(LabMail.attributesOf(receiver, subject)).contains("\"smtorp.pow\":\"" + POW_ALGORITHM + ":" + POW_BITS + "\"");
        assertThat(sender.server().logFile()).content()
            .containsPattern("proof of work solved: " + POW_ALGORITHM + " " + POW_BITS + " bits in \\d+ ms")
            .contains("TLS pin verified for " + RECEIVER.onion().asString() + ": "
                + RECEIVER.fingerprint().abbreviate(80).asString());
    }

    @Test
    void aKeyChangedAfterFirstUseShouldBeRefusedNamingBothFingerprints() throws Exception {
        String onion = REKEYED.onion().asString();
        WebAdmin webAdmin = new WebAdmin(receiver.port(OnionListener.WEBADMIN));
        webAdmin.createDomain(onion);
        webAdmin.createUser("bob@" + onion, "bobs-password");
        // The onion answers first from the receiver, with its key; then from the rekeyed James.
        try (SwitchableForwarder forwarder = SwitchableForwarder.to(receiver.port(OnionListener.IMPLICIT_TLS))) {
            OnionService service = tor.onionHost().publish(REKEYED.onionServiceKey(), 25, forwarder.port());
            try {
                tor.onionHost().awaitUploaded(service, PATIENCE);
                awaitMail(receiver, send("bob@" + onion));
                forwarder.switchTo(rekeyed.port(OnionListener.IMPLICIT_TLS));
                String subject = send("bob@" + onion);

                String bounce = awaitMail(sender, subject, Duration.ofMinutes(3));
                assertThat(bounce).contains("key change refused for " + onion)
                    .contains(RECEIVER.fingerprint().asString()).contains(REKEYED.fingerprint().asString());
                assertThat(mails(rekeyed)).noneMatch(mail -> mail.contains(subject));
            } finally {
                tor.onionHost().unpublish(service);
            }
        }
    }

    @Test
    void deliveryShouldAskDnsForNoOnionName() throws Exception {
        String subject = send("bob@" + BARE.asString());

        awaitMail(receiver, subject);
        // The sender's InSpammerBlacklist matcher asks for its client 127.0.0.1: the trap is wired.
        assertThat(DNS.queries()).contains("1.0.0.127.trap.smtorp.invalid.")
            .noneMatch(name -> name.toLowerCase(Locale.ROOT).matches("(.*\\.)?onion\\.?"));
    }

    @Test
    void receivedMailShouldNameNoInternalHostOrAddress() throws Exception {
        String subject = send("bob@" + FULL.asString());

        List<String> headers = headers(awaitMail(receiver, subject));
        // The one trace line is the receiver's own: it records tor's loopback connection to it
        // (James names 127.0.0.1 "localhost" there) and must show our onion as EHLO. Every
        // other header is what the sender sent.
        assertThat(headers).filteredOn(header -> header.startsWith("Received:")).singleElement()
            .satisfies(trace -> assertThat(trace).contains("(EHLO " + SENDER.onion().asString() + ")"));
        List<String> sent = headers.stream().filter(header -> !header.startsWith("Received:"))
            .collect(Collectors.toList());
        // As a whole name: a short host name ("vm") turns up inside random onions and Message-IDs.
        Pattern hostName = Pattern.compile("(?i)(^|[^a-z0-9-])" + Pattern.quote(InetAddress.getLocalHost().getHostName())
            + "($|[^a-z0-9-])");
        assertThat(sent).noneMatch(header -> header.contains("127.0.0.1"))
            .noneMatch(header -> hostName.matcher(header).find())
            .noneMatch(header -> header.toLowerCase(Locale.ROOT).contains("localhost"))
            .noneMatch(header -> header.contains("internal.example"))
            .noneMatch(header -> header.contains("10.1.2.3"))
            .noneMatch(header -> header.startsWith("X-Originating-IP"));
        assertThat(sent).anyMatch(header -> header.matches("Message-ID: <.+@" + SENDER.onion().asString() + ">"))
            .contains("Date: Mon, 2 Mar 2026 09:00:00 +0000");
    }

    @Test
    void twentyMailsToOneDestinationShouldUseOneConnection() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            subjects.add(send("bob@" + FULL.asString()));
        }

        // James's trace line names the SMTP session (one per connection) as "ID ...".
        Pattern session = Pattern.compile("Received: from .* ID (\\S+)");
        List<String> sessions = new ArrayList<>();
        for (String subject : subjects) {
            String trace = headers(awaitMail(receiver, subject)).stream()
                .filter(header -> header.startsWith("Received:")).findFirst().orElseThrow();
            Matcher id = session.matcher(trace);
            assertThat(id.find()).as(trace).isTrue();
            sessions.add(id.group(1));
        }
        assertThat(sessions).hasSize(20).containsOnly(sessions.get(0));
    }

    @Test
    void anUnreachableOnionShouldBeRetriedThenBounced() throws Exception {
        SmtorpDomain nowhere = IntegrationEnvironment.freshIdentity("OnionDeliveryIT-nowhere").domain().withoutFingerprint();
        String subject = send("bob@" + nowhere.asString());

        // By its subject: other tests' bounces say "gave up after" too (a changed key is retried first).
        String bounce = awaitMail(sender, subject, Duration.ofMinutes(4));
        assertThat(bounce).contains("gave up after").contains(nowhere.asString()).contains("attempts");
        assertThat(sender.server().logFile()).content().contains("retry 2 of");
    }

    /** The header fields, unfolded, in order. */
    private static List<String> headers(String message) {
        String head = message.substring(0, message.indexOf("\r\n\r\n")).replaceAll("\r\n[ \t]+", " ");
        return List.of(head.split("\r\n"));
    }

    @Test
    void aWrongPinShouldDeliverNothingAndBounceNamingTheMismatch() throws Exception {
        SmtorpDomain wrong = BARE.withFingerprint(SENDER.fingerprint());
        String subject = send("bob@" + wrong.asString());

        String bounce = awaitMail(sender, "pin mismatch");
        assertThat(bounce).contains(SENDER.fingerprint().asString()).contains(RECEIVER.fingerprint().asString())
            .contains(RECEIVER.onion().asString());
        assertThat(mails(receiver)).noneMatch(mail -> mail.contains(subject));
    }

    @Test
    void mixedRecipientsShouldBounce() throws Exception {
        String subject = send("bob@" + FULL.asString(), "carol@example.com");

        String bounce = awaitMail(sender, "mixes SMTorP");
        assertThat(bounce).contains(subject);
        assertThat(mails(receiver)).noneMatch(mail -> mail.contains("Subject: " + subject));
    }

    private static String send(String... recipients) throws IOException {
        return LabMail.send(sender, recipients);
    }

    private static String awaitMail(JamesServerExtension james, String needle) {
        return awaitMail(james, needle, PATIENCE);
    }

    private static String awaitMail(JamesServerExtension james, String needle, Duration patience) {
        return LabMail.awaitMail(james, needle, patience);
    }

    private static List<String> mails(JamesServerExtension james) throws IOException, InterruptedException {
        return LabMail.mails(james);
    }
}
