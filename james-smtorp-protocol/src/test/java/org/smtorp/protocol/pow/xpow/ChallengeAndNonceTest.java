/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.jqno.equalsverifier.EqualsVerifier;

class ChallengeAndNonceTest {
    @Test
    void randomChallengesShouldDifferAndRoundTrip() {
        SecureRandom random = new SecureRandom();
        Challenge one = Challenge.random(random);
        assertThat(Challenge.random(random)).isNotEqualTo(one);
        assertThat(one.asString()).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(Challenge.parse(one.asString())).isEqualTo(one);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AAAAAAAAAAAAAAAAAAAAAA==|must be 22 base64url characters",
        "AAAAAAAAAAAAAAAAAAAA|must be 22 base64url characters (128 bits), not 20",
        "AAAAAAAAAAAAAAAAAAAA+A|is not base64url without padding",
        "AAAAAAAAAAAAAAAAAAAAAB|is not canonical base64url"
    })
    void challengeParseShouldRefuse(String text, String message) {
        assertThatThrownBy(() -> Challenge.parse(text)).isInstanceOf(MalformedXpowException.class)
            .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "AA|1",
        "AAAAAAAAAAA|8",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|32",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|160"
    })
    void nonceParseShouldAcceptOneToAHundredAndSixtyBytes(String text, int bytes) {
        assertThat(Nonce.parse(text).bytes()).hasSize(bytes);
        assertThat(Nonce.parse(text).asString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|proof must be 2 to 214 base64url characters (1 to 160 bytes), not 0",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|not 215",
        "A|impossible base64url length 1",
        "AB|is not canonical base64url",
        "AA==|is not base64url without padding",
        "AA.A|is not base64url without padding",
        "AA A|is not base64url without padding"
    })
    void nonceParseShouldRefuse(String text, String message) {
        assertThatThrownBy(() -> Nonce.parse(text)).isInstanceOf(MalformedXpowException.class)
            .hasMessageContaining(message);
    }

    @Test
    void nonceOfShouldRefuseEmptyAndOverlongBytes() {
        assertThatThrownBy(() -> Nonce.of(new byte[0])).hasMessageContaining("1 to 160 bytes");
        assertThatThrownBy(() -> Nonce.of(new byte[161])).hasMessageContaining("1 to 160 bytes");
    }

    @Test
    void shouldRespectEqualsContracts() {
        EqualsVerifier.forClass(Challenge.class).verify();
        EqualsVerifier.forClass(Nonce.class).verify();
    }
}
