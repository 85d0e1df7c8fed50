/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.smtorp.protocol.pow.Hex;

import org.junit.jupiter.api.Test;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

class ProofInputTest {
    private static final Challenge CHALLENGE = Challenge.of(Hex.parse("000102030405060708090a0b0c0d0e0f"));

    @Test
    void prefixShouldBeTheDocumentedBytes() {
        assertThat(Hex.format(ProofInput.of("sha256", CHALLENGE, 1, 3).prefix())).isEqualTo(
            "0d" + "534d546f72502d58504f572d31"
                + "06" + "736861323536"
                + "000102030405060708090a0b0c0d0e0f"
                + "00000001" + "00000003");
    }

    @Test
    void prefixShouldChangeWithEachBoundField() {
        byte[] base = ProofInput.of("sha256", CHALLENGE, 1, 1).prefix();
        assertThat(ProofInput.of("argon2id", CHALLENGE, 1, 1).prefix()).isNotEqualTo(base);
        assertThat(ProofInput.of("sha256", TestChallenges.of("x"), 1, 1).prefix()).isNotEqualTo(base);
        assertThat(ProofInput.of("sha256", CHALLENGE, 2, 1).prefix()).isNotEqualTo(base);
        assertThat(ProofInput.of("sha256", CHALLENGE, 1, 2).prefix()).isNotEqualTo(base);
    }

    @Test
    void messageShouldAppendTheNonce() {
        byte[] message = ProofInput.of("sha256", CHALLENGE, 1, 1).message(Nonce.of(new byte[] {7, 8}));
        assertThat(message).endsWith(7, 8).hasSize(45 + 2);
    }

    @Test
    void ofShouldRefuseOutOfRangeFields() {
        assertThatThrownBy(() -> ProofInput.of("sha256", CHALLENGE, 0, 1)).hasMessageContaining("start at 1");
        assertThatThrownBy(() -> ProofInput.of("sha256", CHALLENGE, 1, 0)).hasMessageContaining("from 1 to 10000");
        assertThatThrownBy(() -> ProofInput.of("sha256", CHALLENGE, 1, 10_001)).hasMessageContaining("from 1 to 10000");
        assertThatThrownBy(() -> ProofInput.of("SHA256", CHALLENGE, 1, 1)).hasMessageContaining("a-z, 0-9");
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(ProofInput.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
