/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.dns.DnsZone;
import org.smtorp.lab.dns.KnotServer;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Debian's Postfix as an onionmx operator runs it to send to onions, into our onion listener:
 * tor's DNSPort answers {@code <onion>.onion} with an address of 127.192.0.0/10
 * ({@code AutomapHostsOnResolve}) and TransPort takes the connection ({@link OnionmxTor}, in a
 * network namespace of the test's, where the redirect rule lives), so Postfix's smtp knows
 * nothing of Tor. Its {@code .onion} transport speaks implicit TLS, the listener's shipped mode
 * ({@code smtp_tls_wrappermode = yes}, which needs {@code smtp_tls_security_level = encrypt}):
 * no byte crosses before TLS, and Postfix has done it per transport since 3.0. Debian's opendkim
 * signs its mail as a milter ({@value #SENDER_DOMAIN}, selector {@value OpenDkim#SELECTOR}); the
 * key is published in a DNS zone (Debian's knot) that the listening James asks, as an operator's
 * James asks its resolver: the JVM's {@code dns.server}.
 *
 * <p>Two James: one with the listener as shipped (nobody exempt), one whose XpowHandler lists
 * {@value #SENDER_DOMAIN} with opendkim's selector ({@code <exemptDkimDomain selector="mail">}). Such a sender can not pay XPOW: the first
 * refuses it with the one line that tells its operator what to do, which Postfix's bounce carries
 * back to its user; the second takes its signed mail, and refuses mail whose signature for the
 * listed domain was made with another key than the one in DNS.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class PostfixOnionSenderIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String SENDER_DOMAIN = "sender.example";
    private static final String SENDER = PostfixMx.MAILBOX_USER + "@" + SENDER_DOMAIN;
    /** opendkim signs this From with a key of its own, not the one the domain publishes. */
    private static final String FORGER = "forger@" + SENDER_DOMAIN;
    private static final String PASSWORD = "correct-horse-battery";
    private static final String EXPLANATION = "530 5.7.0 Proof of work required: send XPOW before MAIL FROM (see the"
        + " EHLO reply), or ask this server's operator to list your onion (proved with XONION) or your DKIM domain";

    private static final ServerIdentity SHIPPED = OnionListener.createIdentity("PostfixOnionSenderIT-shipped");
    private static final ServerIdentity LISTING = OnionListener.createIdentity("PostfixOnionSenderIT-listing");
    private static final String SHIPPED_ALICE = "alice@" + SHIPPED.onion().asString();
    private static final String LISTING_ALICE = "alice@" + LISTING.onion().asString();

    // Before any James starts: the listing James's resolver is this knot, serving opendkim's record.
    @RegisterExtension
    @Order(1)
    static SigningDns dns = new SigningDns();

    @RegisterExtension
    @Order(2)
    static JamesServerExtension shipped = OnionListener.james(SHIPPED);

    @RegisterExtension
    @Order(3)
    static JamesServerExtension listing = OnionListener.jamesWithXpowElements(LISTING,
            "<exemptDkimDomain selector=\"" + OpenDkim.SELECTOR + "\">" + SENDER_DOMAIN + "</exemptDkimDomain>")
        .withJvmOption(() -> "-Ddns.server=" + dns.knot.hostPort());

    private static OnionService shippedOnion;
    private static OnionService listingOnion;
    private static OnionmxTor onionmx;
    private static PostfixMx postfix;
    private static TorNetwork tor;

    /**
     * opendkim and the knot that publishes its key, started before the James (JUnit runs the
     * registered extensions in {@code @Order}, and their afterAll in reverse, after the James stop);
     * whatever started is stopped, even when the other failed to start.
     */
    static final class SigningDns implements BeforeAllCallback, AfterAllCallback {
        private OpenDkim dkim;
        private KnotServer knot;

        @Override
        public void beforeAll(ExtensionContext context) {
            dkim = OpenDkim.start(IntegrationEnvironment.workDir().resolve("PostfixOnionSenderIT-opendkim"),
                Map.of("real", SENDER_DOMAIN, "forged", SENDER_DOMAIN), signers());
            knot = KnotServer.start(IntegrationEnvironment.workDir().resolve("PostfixOnionSenderIT-knot"),
                List.of(DnsZone.unsigned(SENDER_DOMAIN).with(dkim.dnsRecord("real"))));
        }

        @Override
        public void afterAll(ExtensionContext context) {
            try {
                if (knot != null) {
                    knot.close();
                }
            } finally {
                if (dkim != null) {
                    dkim.close();
                }
            }
        }
    }

    private static LinkedHashMap<String, String> signers() {
        LinkedHashMap<String, String> signers = new LinkedHashMap<>();
        signers.put(FORGER, "forged");
        signers.put("*@" + SENDER_DOMAIN, "real");
        return signers;
    }

    @BeforeAll
    static void start(TorNetwork network) throws Exception {
        tor = network;
        new WebAdmin(shipped.port(OnionListener.WEBADMIN)).createUser(SHIPPED_ALICE, PASSWORD);
        new WebAdmin(listing.port(OnionListener.WEBADMIN)).createUser(LISTING_ALICE, PASSWORD);
        shippedOnion = OnionListener.publish(network, SHIPPED, shipped, PATIENCE);
        listingOnion = OnionListener.publish(network, LISTING, listing, PATIENCE);
        onionmx = OnionmxTor.start(network, "smtorp-pfx-" + ProcessHandle.current().pid(),
            IntegrationEnvironment.workDir().resolve("PostfixOnionSenderIT-tor"));
        // The lines docs/postfix-onion-mx.md gives a Postfix operator: .onion recipients go to a transport
        // that speaks implicit TLS and asks no MX (tor's DNSPort has no MX records); opendkim signs.
        postfix = PostfixMx.startSender(IntegrationEnvironment.workDir().resolve("PostfixOnionSenderIT-postfix"),
            SENDER_DOMAIN,
            List.of("transport_maps = hash:$config_directory/transport",
                "non_smtpd_milters = unix:" + dns.dkim.socket(),
                "milter_default_action = tempfail",
                "smtp_tls_loglevel = 1"),
            Map.of("transport", ".onion    smtponion:\n"),
            List.of("smtponion unix - - n - - smtp",
                "  -o smtp_tls_wrappermode=yes",
                "  -o smtp_tls_security_level=encrypt",
                "  -o smtp_dns_support_level=disabled"),
            onionmx::inside);
    }

    // Each in its own finally: one that fails to stop does not leave the others running.
    @AfterAll
    static void stop() {
        try {
            if (postfix != null) {
                postfix.close();
            }
        } finally {
            try {
                if (onionmx != null) {
                    onionmx.close();
                }
            } finally {
                unpublish(shippedOnion, listingOnion);
            }
        }
    }

    private static void unpublish(OnionService first, OnionService second) {
        try {
            if (first != null) {
                tor.onionHost().unpublish(first);
            }
        } finally {
            if (second != null) {
                tor.onionHost().unpublish(second);
            }
        }
    }

    @Test
    void withoutAnExemptionTheBounceShouldSayInOneLineWhatTheSendingOperatorCanDo() throws Exception {
        String subject = submit(SENDER, SHIPPED_ALICE);

        String bounce = postfix.awaitMessage(subject, PATIENCE);
        assertThat(bounce).contains("Delivered-To: " + SENDER).contains("Action: failed");
        assertThat(unfolded(bounce)).contains(EXPLANATION);
        // Over Tor, from an automapped address, under TLS, refused at DATA.
        assertThat(postfix.log()).containsPattern("to=<" + SHIPPED_ALICE + ">, relay=" + SHIPPED.onion().asString()
            + "\\[127\\.(19[2-9]|2[0-5][0-9])\\.[0-9]+\\.[0-9]+\\]:25,.* status=bounced \\(host "
            + SHIPPED.onion().asString() + "\\[[0-9.]+\\] said: " + EXPLANATION.replace("(", "\\(").replace(")", "\\)")
            + " \\(in reply to DATA command\\)\\)");
        assertThat(postfix.log()).contains("TLS connection established to " + SHIPPED.onion().asString());
        assertThat(new ImapMailbox(shipped.port(OnionListener.IMAP), SHIPPED_ALICE, PASSWORD).hasSubject(subject)).isFalse();
    }

    @Test
    void mailSignedForAListedDkimDomainShouldArriveWithoutAProofOfWork() throws Exception {
        String subject = submit(SENDER, LISTING_ALICE);

        ImapMailbox inbox = new ImapMailbox(listing.port(OnionListener.IMAP), LISTING_ALICE, PASSWORD);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox.hasSubject(subject)).isTrue());
        assertThat(postfix.log()).containsPattern("to=<" + LISTING_ALICE + ">, relay=" + LISTING.onion().asString()
            + "\\[127\\.[0-9.]+\\]:25,.* status=sent");
    }

    @Test
    void mailSignedForTheListedDomainWithAnotherKeyShouldBeRefused() throws Exception {
        String subject = submit(FORGER, LISTING_ALICE);

        String bounce = postfix.awaitMessage(subject, PATIENCE);
        assertThat(unfolded(bounce)).contains(EXPLANATION);
        assertThat(postfix.log()).containsPattern("to=<" + LISTING_ALICE + ">, relay=.* status=bounced .*"
            + "\\(in reply to end of DATA command\\)");
        assertThat(new ImapMailbox(listing.port(OnionListener.IMAP), LISTING_ALICE, PASSWORD).hasSubject(subject)).isFalse();
    }

    /** A mail with From {@code from} (the envelope sender is always {@link #SENDER}, who gets the bounces). */
    private static String submit(String from, String to) throws Exception {
        String subject = "onionmx-" + UUID.randomUUID();
        postfix.sendmail(SENDER, "From: " + from + "\n"
            + "To: " + to + "\n"
            + "Subject: " + subject + "\n"
            + "\n"
            + "From an onionmx Postfix, signed by opendkim.\n");
        return subject;
    }

    // A DSN folds long lines (Diagnostic-Code) and Postfix wraps its own text: one space for any run of white space.
    private static String unfolded(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
