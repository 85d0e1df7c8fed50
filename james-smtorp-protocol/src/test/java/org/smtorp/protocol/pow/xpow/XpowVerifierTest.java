/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtorp.protocol.pow.DifficultyPolicy;

import nl.jqno.equalsverifier.EqualsVerifier;

class XpowVerifierTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final Challenge CHALLENGE = TestChallenges.of("session");

    private final AtomicInteger argon2Runs = new AtomicInteger();
    private final Argon2Function real = Argon2Function.bouncyCastle();
    private final AlgorithmRegistry registry = AlgorithmRegistry.all(CLOCK)
        .withAlgorithm(new EquihashAlgorithm(), DifficultyPolicy.of(1))
        .withAlgorithm(new Argon2idAlgorithm((message, output) -> {
            argon2Runs.incrementAndGet();
            real.hash(message, output);
        }), DifficultyPolicy.of(2))
        .withAlgorithm(new Sha256Algorithm(), DifficultyPolicy.of(8));
    private final XpowVerifier verifier = XpowVerifier.of(registry);

    private String prove(String algorithm, Challenge challenge, int transaction, int recipients) {
        byte[] prefix = ProofInput.of(algorithm, challenge, transaction, recipients).prefix();
        int bits = registry.bits(algorithm, recipients);
        byte[] nonce = registry.algorithm(algorithm).orElseThrow().search(prefix, bits).run(0, 1L << 40).orElseThrow();
        return algorithm + " " + recipients + " " + Nonce.of(nonce).asString();
    }

    @Test
    void verifyShouldAcceptAProofWithItsAlgorithmAndBits() {
        Verdict verdict = verifier.verify(CHALLENGE, 1, prove("sha256", CHALLENGE, 1, 3));
        assertThat(verdict.isAccepted()).isTrue();
        assertThat(verdict.replyCode()).isEqualTo(250);
        assertThat(verdict.enhancedStatus()).isEqualTo("2.7.0");
        assertThat(verdict.algorithm()).contains("sha256");
        assertThat(verdict.bits()).hasValue(8 + 2);
        assertThat(verdict.recipients()).hasValue(3);
        assertThat(verdict.asReply()).isEqualTo("250 2.7.0 proof accepted: sha256 at 10 bits for 3 recipients");
    }

    @Test
    void verifyShouldAcceptAnArgon2idProofWithOneArgon2Run() {
        String proof = prove("argon2id", CHALLENGE, 1, 1);
        argon2Runs.set(0);
        assertThat(verifier.verify(CHALLENGE, 1, proof).isAccepted()).isTrue();
        assertThat(argon2Runs).hasValue(1);
    }

    @Test
    void verifyShouldAcceptTheSeparatePartsForm() {
        String[] words = prove("sha256", CHALLENGE, 2, 1).split(" ");
        assertThat(verifier.verify(CHALLENGE, 2, 1, words[0], words[2]).isAccepted()).isTrue();
    }

    @Test
    void verifyShouldRefuseAProofForAnotherChallenge() {
        String proof = prove("argon2id", TestChallenges.of("other"), 1, 1);
        Verdict verdict = verifier.verify(CHALLENGE, 1, proof);
        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.INSUFFICIENT_WORK);
        assertThat(verdict.asReply()).startsWith("550 5.7.1 not enough work: argon2id needs 2 bits for 1 recipient");
    }

    @Test
    void verifyShouldRefuseAProofForAnotherTransaction() {
        assertThat(verifier.verify(CHALLENGE, 2, prove("sha256", CHALLENGE, 1, 1)).kind())
            .isEqualTo(Verdict.Kind.INSUFFICIENT_WORK);
    }

    @Test
    void verifyShouldRefuseAProofForAnotherRecipientCount() {
        String proof = prove("sha256", CHALLENGE, 1, 2);
        assertThat(verifier.verify(CHALLENGE, 1, proof.replace(" 2 ", " 1 ")).kind())
            .isEqualTo(Verdict.Kind.INSUFFICIENT_WORK);
    }

    @Test
    void verifyShouldRefuseAProofMadeForFewerBitsThanTheRecipientsNeed() {
        // Found at one recipient's 8 bits, declared for 256 recipients: 16 bits needed.
        byte[] prefix = ProofInput.of("sha256", CHALLENGE, 1, 256).prefix();
        byte[] nonce = new Sha256Algorithm().search(prefix, 8).run(0, 1L << 30).orElseThrow();
        Verdict verdict = verifier.verify(CHALLENGE, 1, "sha256 256 " + Nonce.of(nonce).asString());
        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.INSUFFICIENT_WORK);
    }

    @Test
    void verifyShouldNotRunArgon2ForGarbage() {
        for (int i = 0; i < 100; i++) {
            Verdict verdict = verifier.verify(CHALLENGE, 1, "argon2id 1 " + Nonce.of(new byte[] {(byte) i, 2}));
            assertThat(verdict.message()).contains("SHA-256 gate not passed");
        }
        assertThat(argon2Runs).hasValue(0);
    }

    @Test
    void verifyShouldAcceptAnEquihashProof() {
        Verdict verdict = verifier.verify(CHALLENGE, 1, prove("equihash", CHALLENGE, 1, 2));
        assertThat(verdict.asReply()).isEqualTo("250 2.7.0 proof accepted: equihash at 2 bits for 2 recipients");
    }

    @Test
    void verifyShouldRefuseAnEquihashSolutionForAnotherNonceNamingTheCheckThatFailed() {
        byte[] proof = Base64Url.decode("proof", prove("equihash", CHALLENGE, 1, 1).split(" ")[2]);
        Verdict verdict = null;
        // Another nonce under the same solution: whenever the cheap SHA-256 condition (1 bit) holds,
        // the Equihash checks run and find the first pair that does not collide.
        for (int i = 1; i < 64; i++) {
            proof[0] ^= (byte) i;
            verdict = verifier.verify(CHALLENGE, 1, "equihash 1 " + Nonce.of(proof).asString());
            proof[0] ^= (byte) i;
            if (!verdict.message().startsWith("not enough work")) {
                break;
            }
        }
        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.INSUFFICIENT_WORK);
        assertThat(verdict.asReply()).matches("550 5\\.7\\.1 not a valid equihash proof \\(level 1, .*the hashes differ.*\\) for 1 recipient "
            + "in transaction 1");
    }

    @Test
    void verifyShouldRefuseAnUnknownAlgorithmNamingTheOffered() {
        Verdict verdict = verifier.verify(CHALLENGE, 1, "scrypt 1 AA");
        assertThat(verdict.asReply()).isEqualTo("504 5.5.4 unknown algorithm scrypt; offered: equihash argon2id sha256 hashcash");
    }

    @Test
    void verifyShouldRefuseHashcashOverXpow() {
        Verdict verdict = verifier.verify(CHALLENGE, 1, "hashcash 1 AA");
        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.UNKNOWN_ALGORITHM);
        assertThat(verdict.message()).contains("X-Hashcash headers");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|takes <alg> <recipients> <nonce>",
        "sha256 1|takes <alg> <recipients> <nonce>",
        "sha256 1 AA AA|takes <alg> <recipients> <nonce>",
        "sha256  1 AA|takes <alg> <recipients> <nonce>",
        "SHA256 1 AA|algorithm \"SHA256\" must be",
        "sha256 x AA|recipients \"x\" must be a number from 1 to 10000",
        "sha256 0 AA|recipients \"0\"",
        "sha256 99999 AA|recipients \"99999\"",
        "sha256 1 A|impossible base64url length",
        "sha256 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|sha256 proof must be 1 to 32 bytes (base64url: 2 to 43 characters), not 33",
        "equihash 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|equihash proof must be 76 bytes (base64url: 102 characters), not 32",
        "sha256 1 AA==|not base64url without padding",
        "sha256 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|at most 260"
    })
    void verifyShouldRefuseMalformedArguments(String arguments, String message) {
        Verdict verdict = verifier.verify(CHALLENGE, 1, arguments);
        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.MALFORMED);
        assertThat(verdict.replyCode()).isEqualTo(501);
        assertThat(verdict.enhancedStatus()).isEqualTo("5.5.2");
        assertThat(verdict.message()).contains(message);
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(Verdict.class).withNonnullFields("message", "algorithm", "bits", "recipients").verify();
    }
}
