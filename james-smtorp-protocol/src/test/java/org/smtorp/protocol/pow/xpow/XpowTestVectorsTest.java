/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.pow.Hex;

/**
 * The test vectors of docs/xpow.md, so the document and the code cannot drift.
 * The Argon2id output was also checked with the reference argon2 command
 * (libargon2): argon2 SMTorP-XPOW-1-argon2id -id -t 1 -k 4096 -p 1 -l 32 -r.
 */
class XpowTestVectorsTest {
    private static final Challenge CHALLENGE = Challenge.of(Hex.parse("000102030405060708090a0b0c0d0e0f"));
    private final XpowVerifier verifier = XpowVerifier.of(AlgorithmRegistry.defaults(Clock.systemUTC())
        .withSettings(List.of("sha256=16", "argon2id=2")));

    @Test
    void challengeShouldEncodeAsDocumented() {
        assertThat(CHALLENGE.asString()).isEqualTo("AAECAwQFBgcICQoLDA0ODw");
    }

    @Test
    void sha256VectorShouldHoldEighteenBitsForThreeRecipients() {
        byte[] message = ProofInput.of("sha256", CHALLENGE, 1, 3).message(Nonce.parse("AAAAAAAB4Vw"));
        assertThat(Hex.format(message)).isEqualTo("0d534d546f72502d58504f572d3106736861323536"
            + "000102030405060708090a0b0c0d0e0f0000000100000003000000000001e15c");
        Verdict verdict = verifier.verify(CHALLENGE, 1, "sha256 3 AAAAAAAB4Vw");
        assertThat(verdict.asReply()).isEqualTo("250 2.7.0 proof accepted: sha256 at 18 bits for 3 recipients");
    }

    @Test
    void argon2idVectorShouldPassTheGateAndHoldFourBitsForThreeRecipients() {
        byte[] message = ProofInput.of("argon2id", CHALLENGE, 1, 3).message(Nonce.parse("AAAAAAAHKGk"));
        byte[] output = new byte[32];
        Argon2Function.bouncyCastle().hash(message, output);
        assertThat(Hex.format(output)).isEqualTo("02699113944e93320bf04b19df1cf84b3d2168abc68d1734e7e4638602257160");
        assertThat(verifier.verify(CHALLENGE, 1, "argon2id 3 AAAAAAAHKGk").asReply())
            .isEqualTo("250 2.7.0 proof accepted: argon2id at 4 bits for 3 recipients");
    }
}
