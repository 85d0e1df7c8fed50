/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;

import org.junit.jupiter.api.BeforeAll;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.fuzz.ParserFuzzTarget;
import org.smtorp.protocol.identity.TlsIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;

/**
 * The arguments of an {@code XONION} line, as a delivering server sends them to the onion
 * listener: parsing and checking the key and signature (the key is the client's DER) throw
 * only {@link InvalidSenderProofException}. The seeds hold proofs signed for {@link #CHALLENGE}
 * and {@link #RECEIVER} with an EC and an RSA key, so that mutations reach the signature check.
 */
class SenderProofFuzzTest {
    static final Challenge CHALLENGE = Challenge.of("smtorp fuzz test".getBytes(UTF_8));
    static final OnionAddress RECEIVER =
        OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        OnionAddress sender = OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
        TlsIdentity tls = TlsIdentity.generate(sender, new SecureRandom(), Clock.systemUTC());
        SenderProof proof = SenderProof.sign(CHALLENGE, RECEIVER, sender, tls.certificate().getPublicKey(),
            tls.privateKey());
        new SenderProofFuzzTest().xonionArguments(proof.asString().getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void xonionArguments(byte[] input) {
        String arguments = new String(input, UTF_8);
        SenderProof proof;
        try {
            proof = SenderProof.parse(arguments);
        } catch (InvalidSenderProofException e) {
            return;
        }
        assertThat(SenderProof.parse(proof.asString()).asString()).isEqualTo(proof.asString());
        ProvedSender proved;
        try {
            proved = proof.verify(CHALLENGE, RECEIVER);
        } catch (InvalidSenderProofException e) {
            return;
        }
        assertThat(proved.onion()).isEqualTo(proof.sender());
    }
}
