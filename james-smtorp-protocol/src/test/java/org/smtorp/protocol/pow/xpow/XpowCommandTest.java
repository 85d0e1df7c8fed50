/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.jqno.equalsverifier.EqualsVerifier;

class XpowCommandTest {
    @Test
    void parseShouldReadTheThreeWords() {
        XpowCommand command = XpowCommand.parse("argon2id 3 AAAAAAAAAAA");
        assertThat(command.algorithm()).isEqualTo("argon2id");
        assertThat(command.recipients()).isEqualTo(3);
        assertThat(command.nonce().bytes()).hasSize(8);
        assertThat(command.asString()).isEqualTo("XPOW argon2id 3 AAAAAAAAAAA");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "argon2id 3|takes <alg> <recipients> <nonce>",
        "argon2id  3 AA|takes <alg> <recipients> <nonce>",
        "argon2id 3 AA extra|takes <alg> <recipients> <nonce>",
        "Argon2id 3 AA|algorithm \"Argon2id\" must be 1 to 32",
        "argon2id 0 AA|recipients \"0\" must be a number from 1 to 10000",
        "argon2id 03 AA|without leading zeros",
        "argon2id 10001 AA|recipients \"10001\"",
        "argon2id -1 AA|recipients \"-1\"",
        "argon2id 1 A=|proof \"A=\" is not base64url"
    })
    void parseShouldRefuse(String arguments, String message) {
        assertThatThrownBy(() -> XpowCommand.parse(arguments)).isInstanceOf(MalformedXpowException.class)
            .hasMessageContaining(message);
    }

    @Test
    void parseShouldRefuseOverlongArgumentsBeforeSplitting() {
        assertThatThrownBy(() -> XpowCommand.parse("argon2id 1 " + "A".repeat(300)))
            .hasMessageContaining("at most 260");
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(XpowCommand.class).withNonnullFields("algorithm", "nonce").verify();
    }
}
