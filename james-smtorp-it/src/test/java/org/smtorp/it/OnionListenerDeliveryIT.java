/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Mail the onion listener accepts lands in the recipient's mailbox, read back over James's
 * IMAP server: sent by swaks over implicit TLS and over STARTTLS, and addressed with our
 * key's fingerprint, full or abbreviated, which reaches {@code user@<onion>}'s mailbox.
 * Each mail pays with a stamp of Debian's hashcash tool, as the listener demands.
 */
class OnionListenerDeliveryIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("OnionListenerDeliveryIT");
    private static final String ONION = IDENTITY.onion().asString();
    private static final String ALICE = "alice@" + ONION;
    private static final String PASSWORD = "correct-horse-battery";
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @RegisterExtension
    static JamesServerExtension james = OnionListener.jamesTakingCheapStamps(IDENTITY);

    @BeforeAll
    static void createAlice() throws Exception {
        new WebAdmin(james.port(OnionListener.WEBADMIN)).createUser(ALICE, PASSWORD);
    }

    private static String uniqueSubject() {
        return "onion-listener-" + UUID.randomUUID();
    }

    private static void awaitInAlicesInbox(String subject) {
        ImapMailbox inbox = new ImapMailbox(james.port(OnionListener.IMAP), ALICE, PASSWORD);
        await().atMost(DELIVERY).untilAsserted(() -> assertThat(inbox.hasSubject(subject)).isTrue());
    }

    private static PeerRun swaks(String listener, String tlsOption, String subject) throws Exception {
        return PeerRun.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(james.port(listener)),
            tlsOption, "--ehlo", "client.test", "--from", "bob@example.com", "--to", ALICE,
            "--header", "Subject: " + subject, "--add-header", "X-Hashcash: " + stamp(ALICE),
            "--body", "Sent through the onion listener.");
    }

    // The listener asks every sender to pay; these tests pay in cheap stamps of the real tool.
    private static String stamp(String recipient) throws Exception {
        return HashcashTool.mint(OnionListener.CHEAP_STAMP_BITS, recipient);
    }

    private static void send(String recipient, String subject) throws Exception {
        SMTPSClient smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        try {
            assertThat(smtp.sendCommand("EHLO", "client.test")).isEqualTo(250);
            assertThat(smtp.setSender("bob@example.com")).as(smtp.getReplyString()).isTrue();
            assertThat(smtp.addRecipient(recipient)).as(smtp.getReplyString()).isTrue();
            assertThat(smtp.sendShortMessageData("From: bob@example.com\r\nTo: " + recipient + "\r\nSubject: "
                + subject + "\r\nX-Hashcash: " + stamp(recipient)
                + "\r\n\r\nAddressed with the server's fingerprint.\r\n")).as(smtp.getReplyString()).isTrue();
            smtp.logout();
        } finally {
            SmtpClients.close(smtp);
        }
    }

    @Test
    void swaksOverImplicitTlsShouldDeliverToTheMailbox() throws Exception {
        String subject = uniqueSubject();

        PeerRun swaks = swaks(OnionListener.IMPLICIT_TLS, "--tls-on-connect", subject);

        assertThat(swaks.exitCode()).as(swaks.toString()).isZero();
        awaitInAlicesInbox(subject);
    }

    @Test
    void swaksOverStartTlsShouldDeliverToTheMailbox() throws Exception {
        String subject = uniqueSubject();

        PeerRun swaks = swaks(OnionListener.STARTTLS, "--tls", subject);

        assertThat(swaks.exitCode()).as(swaks.toString()).isZero();
        assertThat(swaks.output()).contains("<-  220 2.0.0 Ready to start TLS");
        awaitInAlicesInbox(subject);
    }

    @Test
    void mailToOurFullFingerprintShouldReachTheOnionMailbox() throws Exception {
        String subject = uniqueSubject();

        send("alice@" + IDENTITY.domain().asString(), subject);

        awaitInAlicesInbox(subject);
    }

    @Test
    void mailToAnAbbreviatedFingerprintShouldReachTheOnionMailbox() throws Exception {
        String subject = uniqueSubject();

        send("alice@" + IDENTITY.fingerprint().abbreviate(80).asString() + "." + ONION, subject);

        awaitInAlicesInbox(subject);
    }

    @Test
    void mailToOurFingerprintInUpperCaseShouldReachTheOnionMailbox() throws Exception {
        String subject = uniqueSubject();

        send("alice@" + IDENTITY.domain().asString().toUpperCase(Locale.ROOT), subject);

        awaitInAlicesInbox(subject);
    }
}
