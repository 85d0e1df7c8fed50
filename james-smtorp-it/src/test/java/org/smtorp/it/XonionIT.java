/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Base64;

import org.apache.commons.net.smtp.SMTPConnectionClosedException;
import org.apache.commons.net.smtp.SMTPSClient;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.SenderProof;

/**
 * The XONION exchange on the shipped onion listener of a real James, over implicit TLS:
 * the offer in EHLO, a proof signed for the session accepted, the refusals a client sees,
 * and the limit a flood of bad proofs meets (counted with XPOW's, maxFailedProofs 3 as shipped).
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
        return XonionClient.ehlo(smtp, CLIENT.onion());
    }

    private static SenderProof proof(Challenge challenge, OnionAddress receiver, ServerIdentity signer) {
        return XonionClient.proof(challenge, receiver, CLIENT.onion(), signer);
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
    void aFloodOfBadProofsShouldEndIn421AndACloseAtTheThirdFailure() throws IOException {
        Challenge challenge = ehlo();

        assertThat(smtp.sendCommand("XONION", CLIENT.onion().asString() + " AAAA")).isEqualTo(501);
        assertThat(smtp.sendCommand("XONION", proof(challenge, CLIENT.onion(), CLIENT).asString())).isEqualTo(535);
        assertThatThrownBy(() -> smtp.sendCommand("XONION", CLIENT.onion().asString() + " AAAA"))
            .isInstanceOf(SMTPConnectionClosedException.class);

        assertThat(smtp.getReplyString()).startsWith("421 4.7.0 Too many failed proofs (3), closing connection;"
            + " the last: 501 5.5.4 XONION takes 3 arguments");
        assertClosed();
    }

    @Test
    void failedXonionAndXpowProofsShouldCountTogether() throws IOException {
        ehlo();

        // An algorithm the shipped listener offers, so the malformed recipient count is what fails.
        assertThat(smtp.sendCommand("XPOW", "equihash x AAAA")).isEqualTo(501);
        assertThat(smtp.sendCommand("XONION", CLIENT.onion().asString() + " AAAA")).isEqualTo(501);
        assertThatThrownBy(() -> smtp.sendCommand("XPOW", "equihash x AAAA"))
            .isInstanceOf(SMTPConnectionClosedException.class);

        assertThat(smtp.getReplyString()).startsWith("421 4.7.0 Too many failed proofs (3)");
        assertClosed();
    }

    @Test
    void anRsaKeyShouldBeRefusedBeforeAnySignatureWork() throws IOException {
        ehlo();
        // Small enough for the length rule, with a public exponent that makes every RSA check slow.
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(rsaSubjectPublicKeyInfo());

        smtp.sendCommand("XONION", CLIENT.onion().asString() + " " + key + " " + "A".repeat(86));

        assertThat(smtp.getReplyString()).startsWith("504 5.5.4 XONION takes EC P-256 keys only, not RSA");
    }

    private static byte[] rsaSubjectPublicKeyInfo() {
        BigInteger modulus = BigInteger.ONE.shiftLeft(511).add(BigInteger.valueOf(1234567));
        BigInteger exponent = BigInteger.ONE.shiftLeft(255).add(BigInteger.ONE);
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                DERNull.INSTANCE), new RSAPublicKey(modulus, exponent)).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // After 421, the server has closed: the next command finds no one.
    private void assertClosed() {
        assertThatThrownBy(() -> smtp.sendCommand("NOOP")).isInstanceOf(IOException.class);
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
