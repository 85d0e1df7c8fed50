/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.SenderProof;

/**
 * The XONION exchange on the shipped onion listener of a real James, over implicit TLS:
 * the offer in EHLO, a proof signed for the session accepted, and the refusals a client sees.
 */
class XonionIT {
    private static final ServerIdentity LISTENER = OnionListener.createIdentity("XonionIT-listener");
    private static final ServerIdentity CLIENT = OnionListener.createIdentity("XonionIT-client");

    @RegisterExtension
    static JamesServerExtension james = OnionListener.james(LISTENER);

    private SMTPSClient smtp;

    @AfterEach
    void disconnect() throws IOException {
        if (smtp != null) {
            SmtpClients.close(smtp);
        }
    }

    /** EHLO, on a new connection the first time; answers the challenge it offered. */
    private Challenge ehlo() throws IOException {
        if (smtp == null) {
            smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        }
        assertThat(smtp.sendCommand("EHLO", CLIENT.onion().asString())).isEqualTo(250);
        String line = Arrays.stream(smtp.getReplyStrings()).filter(reply -> reply.startsWith("250-XONION "))
            .findFirst().orElseThrow(() -> new AssertionError("no XONION offer in " + smtp.getReplyString()));
        return Challenge.parse(line.substring("250-XONION ".length()).trim());
    }

    private static SenderProof proof(Challenge challenge, OnionAddress receiver, ServerIdentity signer) {
        return SenderProof.sign(challenge, receiver, CLIENT.onion(), signer.tls().certificate().getPublicKey(),
            signer.tls().privateKey());
    }

    @Test
    void aProofForThisSessionShouldBeAccepted() throws IOException {
        Challenge challenge = ehlo();

        smtp.sendCommand("XONION", proof(challenge, LISTENER.onion(), CLIENT).asString());

        assertThat(smtp.getReplyString()).startsWith("250 2.7.0 " + CLIENT.onion().asString() + " with key "
            + CLIENT.fingerprint().abbreviate(80).asString() + " proved");
    }

    @Test
    void aProofForAnEarlierChallengeShouldBeRefused() throws IOException {
        Challenge earlier = ehlo();
        ehlo();

        smtp.sendCommand("XONION", proof(earlier, LISTENER.onion(), CLIENT).asString());

        assertThat(smtp.getReplyString()).startsWith("535 5.7.1 XONION signature does not verify");
    }

    @Test
    void aProofMadeForAnotherServerShouldBeRefused() throws IOException {
        Challenge challenge = ehlo();

        smtp.sendCommand("XONION", proof(challenge, CLIENT.onion(), CLIENT).asString());

        assertThat(smtp.getReplyString()).startsWith("535 5.7.1");
    }

    @Test
    void aMalformedProofShouldBeNamed() throws IOException {
        ehlo();

        smtp.sendCommand("XONION", CLIENT.onion().asString() + " AAAA");

        assertThat(smtp.getReplyString()).startsWith("501 5.5.4 XONION takes 3 arguments");
    }

    @Test
    void aProofAfterMailFromShouldBeRefused() throws IOException {
        Challenge challenge = ehlo();
        assertThat(smtp.setSender("bob@" + CLIENT.onion().asString())).isTrue();

        smtp.sendCommand("XONION", proof(challenge, LISTENER.onion(), CLIENT).asString());

        assertThat(smtp.getReplyString()).startsWith("503 5.5.1 XONION must come before MAIL FROM");
    }

    @Test
    void aSecondProofShouldBeRefused() throws IOException {
        Challenge challenge = ehlo();
        smtp.sendCommand("XONION", proof(challenge, LISTENER.onion(), CLIENT).asString());

        smtp.sendCommand("XONION", proof(challenge, LISTENER.onion(), CLIENT).asString());

        assertThat(smtp.getReplyString()).startsWith("503 5.5.1 This connection has proved its key already");
    }
}
