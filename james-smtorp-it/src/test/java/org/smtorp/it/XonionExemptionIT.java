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
import org.smtorp.protocol.pow.xpow.Challenge;

/**
 * A partner server the operator lists ({@code <exemptOnion>} with the domain of its SMTorP address,
 * {@code <fingerprint>.<onion>.onion}) pays nothing once it proved its key with XONION: a real
 * James with the shipped listener plus that one element, spoken to over implicit TLS as a
 * delivering server speaks. Whoever claims the partner's onion with another key, or does not
 * prove a key, is refused at DATA as any stranger is.
 */
class XonionExemptionIT {
    private static final ServerIdentity LISTENER = OnionListener.createIdentity("XonionExemptionIT-listener");
    private static final ServerIdentity PARTNER = OnionListener.createIdentity("XonionExemptionIT-partner");
    /** Holds a key of its own and claims the partner's onion. */
    private static final ServerIdentity IMPOSTOR = OnionListener.createIdentity("XonionExemptionIT-impostor");
    private static final String ALICE = "alice@" + LISTENER.onion().asString();
    private static final String PASSWORD = "correct-horse-battery";
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @RegisterExtension
    static JamesServerExtension james = OnionListener.jamesWithXpowElements(LISTENER,
        "<exemptOnion>" + PARTNER.domain().asString() + "</exemptOnion>");

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
    void aListedPartnerThatProvedItsKeyShouldDeliverWithoutAProofOfWork() throws IOException {
        proveAs(PARTNER);
        String subject = "xonion-exempt-" + UUID.randomUUID();

        assertThat(smtp.setSender("bob@" + PARTNER.onion().asString())).as(smtp.getReplyString()).isTrue();
        assertThat(smtp.addRecipient(ALICE)).as(smtp.getReplyString()).isTrue();
        assertThat(smtp.sendShortMessageData(XpowListener.message(subject))).as(smtp.getReplyString()).isTrue();

        ImapMailbox inbox = new ImapMailbox(james.port(OnionListener.IMAP), ALICE, PASSWORD);
        await().atMost(DELIVERY).untilAsserted(() -> assertThat(inbox.hasSubject(subject)).isTrue());
    }

    @Test
    void theListedOnionClaimedWithAnotherKeyShouldBeRefusedAtData() throws IOException {
        proveAs(IMPOSTOR);

        assertRefusedAtData();
    }

    @Test
    void theListedOnionWithoutAProofShouldBeRefusedAtData() throws IOException {
        smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        XonionClient.ehlo(smtp, PARTNER.onion());

        assertRefusedAtData();
    }

    // XONION for the partner's onion, signed with the key of signer.
    private void proveAs(ServerIdentity signer) throws IOException {
        smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        Challenge challenge = XonionClient.ehlo(smtp, PARTNER.onion());
        smtp.sendCommand("XONION", XonionClient.proof(challenge, LISTENER.onion(), PARTNER.onion(), signer).asString());
        assertThat(smtp.getReplyString()).startsWith("250 2.7.0 " + PARTNER.onion().asString() + " with key "
            + signer.fingerprint().abbreviate(80).asString() + " proved");
    }

    private void assertRefusedAtData() throws IOException {
        assertThat(smtp.setSender("bob@" + PARTNER.onion().asString())).as(smtp.getReplyString()).isTrue();
        assertThat(smtp.addRecipient(ALICE)).as(smtp.getReplyString()).isTrue();

        assertThat(smtp.sendCommand("DATA")).isEqualTo(530);
        assertThat(smtp.getReplyString().trim())
            .isEqualTo("530 5.7.0 Proof of work required: send XPOW before MAIL FROM (see the EHLO reply),"
                + " or ask this server's operator to list your onion (proved with XONION) or your DKIM domain");
    }
}
