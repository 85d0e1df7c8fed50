/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.XpowOffer;

/**
 * The onion listener exactly as shipped in {@code conf/smtpserver-onion.xml}, XPOW
 * with its default difficulties included: equihash and argon2id only (sha256 and
 * hashcash are an operator's opt-in). A sender that pays with either proof reaches the
 * user's INBOX; one that does not pay is refused at DATA, since no stamp can pay here.
 */
class XpowOnionListenerIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("XpowOnionListenerIT");
    private static final String ALICE = "alice@" + IDENTITY.onion().asString();
    private static final String PASSWORD = "correct-horse-battery";
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @RegisterExtension
    static JamesServerExtension james = OnionListener.james(IDENTITY);

    private SMTPSClient smtp;

    @BeforeAll
    static void createAlice() throws Exception {
        new WebAdmin(james.port(OnionListener.WEBADMIN)).createUser(ALICE, PASSWORD);
    }

    @AfterEach
    void disconnect() throws IOException {
        if (smtp != null) {
            SmtpClients.close(smtp);
        }
    }

    @Test
    void ehloShouldOfferTheShippedDifficulties() throws IOException {
        smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));

        assertThat(XpowListener.offer(smtp).parameters()).endsWith(" equihash=7 argon2id=7");
    }

    @Test
    void mailPaidWithAnEquihashProofShouldReachTheInbox() throws IOException {
        assertPaidMailReachesTheInbox("equihash");
    }

    @Test
    void mailPaidWithAnArgon2idProofShouldReachTheInbox() throws IOException {
        assertPaidMailReachesTheInbox("argon2id");
    }

    private void assertPaidMailReachesTheInbox(String algorithm) throws IOException {
        smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        XpowOffer offer = XpowListener.offer(smtp);
        String subject = "xpow-onion-" + UUID.randomUUID();

        smtp.sendCommand("XPOW", XpowListener.prove(offer, algorithm, 1, 1));
        assertThat(smtp.getReplyString()).startsWith("250 2.7.0 proof accepted: " + algorithm + " at 7 bits");
        assertThat(smtp.setSender("bob@example.com")).as(smtp.getReplyString()).isTrue();
        assertThat(smtp.addRecipient(ALICE)).as(smtp.getReplyString()).isTrue();
        assertThat(smtp.sendShortMessageData(XpowListener.message(subject))).as(smtp.getReplyString()).isTrue();

        ImapMailbox inbox = new ImapMailbox(james.port(OnionListener.IMAP), ALICE, PASSWORD);
        await().atMost(DELIVERY).untilAsserted(() -> assertThat(inbox.hasSubject(subject)).isTrue());
    }

    @Test
    void mailThatDoesNotPayShouldBeRefused() throws IOException {
        smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        XpowListener.ehlo(smtp);
        assertThat(smtp.setSender("bob@example.com")).as(smtp.getReplyString()).isTrue();
        assertThat(smtp.addRecipient(ALICE)).as(smtp.getReplyString()).isTrue();

        assertThat(smtp.sendCommand("DATA")).isEqualTo(530);
        assertThat(smtp.getReplyString().trim())
            .isEqualTo("530 5.7.0 Proof of work required: send XPOW before MAIL FROM (see the EHLO reply),"
                + " or ask this server's operator to list your onion (proved with XONION) or your DKIM domain");
    }
}
