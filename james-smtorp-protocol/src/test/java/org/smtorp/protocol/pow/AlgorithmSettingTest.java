/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

class AlgorithmSettingTest {
    private static final DifficultyPolicy DEFAULT = DifficultyPolicy.of(10)
        .withDeprecation(LocalDate.of(2026, 6, 1), 60);

    @Test
    void parseShouldReadBitsAndKeepTheRest() {
        AlgorithmSetting setting = AlgorithmSetting.parse("argon2id=8");
        assertThat(setting.algorithm()).isEqualTo("argon2id");
        assertThat(setting.applyTo(DEFAULT)).isEqualTo(DEFAULT.withBaseBits(8));
    }

    @Test
    void parseShouldReadDeprecationAndGrowth() {
        AlgorithmSetting setting = AlgorithmSetting.parse("  hashcash=20   deprecated=2026-01-01 growthDays=30 ");
        assertThat(setting.applyTo(DifficultyPolicy.of(1)))
            .isEqualTo(DifficultyPolicy.of(20).withDeprecation(LocalDate.of(2026, 1, 1), 30));
        assertThat(setting).hasToString("hashcash=20 deprecated=2026-01-01 growthDays=30");
    }

    @Test
    void parseShouldUndeprecateWithNever() {
        assertThat(AlgorithmSetting.parse("hashcash=20 deprecated=never").applyTo(DEFAULT))
            .isEqualTo(DifficultyPolicy.of(20).withGrowthDays(60));
    }

    @Test
    void parseShouldReadOff() {
        assertThat(AlgorithmSetting.parse("sha256=off").isOff()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty setting",
        "argon2id|\"argon2id\": expected <algorithm>=<bits>|off",
        "argon2id=|\"argon2id=\": expected",
        "Argon2id=8|algorithm name must be 1 to 32 of a-z",
        "argon2id=257|\"argon2id=257\": bits must be a whole number from 0 to 256",
        "argon2id=08|bits must be a whole number",
        "argon2id=-1|bits must be a whole number",
        "argon2id=8 deprecated=2026-13-01|\"deprecated=2026-13-01\": deprecated must be a date yyyy-mm-dd",
        "argon2id=8 growthDays=0|\"growthDays=0\": growthDays must be a whole number from 1 to 36500",
        "argon2id=8 growthdays=3|\"growthdays=3\": expected deprecated=",
        "argon2id=8 growthDays=3 growthDays=4|each at most once",
        "sha256=off growthDays=3|an algorithm that is off takes no other option"
    })
    void parseShouldNameTheBadToken(String text, String message) {
        assertThatThrownBy(() -> AlgorithmSetting.parse(text))
            .isInstanceOf(InvalidPowSettingException.class)
            .hasMessageContaining(message);
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(AlgorithmSetting.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
