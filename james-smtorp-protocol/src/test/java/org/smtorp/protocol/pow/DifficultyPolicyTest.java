/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

class DifficultyPolicyTest {
    private static final DifficultyPolicy DEPRECATED = DifficultyPolicy.of(20)
        .withDeprecation(LocalDate.of(2026, 1, 1), 30);

    @Test
    void bitsShouldNotGrowWithoutDeprecation() {
        assertThat(DifficultyPolicy.of(8).bitsAt(Instant.parse("2099-01-01T00:00:00Z"))).isEqualTo(8);
    }

    @ParameterizedTest
    @CsvSource({
        "2025-12-31T23:59:59Z, 20",
        "2026-01-01T00:00:00Z, 20",
        "2026-01-30T23:59:59Z, 20",
        "2026-01-31T00:00:00Z, 21",
        "2026-03-02T00:00:00Z, 22",
        "2026-12-27T00:00:00Z, 32"
    })
    void bitsShouldGrowOneBitPerGrowthDaysAfterDeprecation(String now, int bits) {
        assertThat(DEPRECATED.bitsAt(Instant.parse(now))).isEqualTo(bits);
    }

    @Test
    void bitsShouldStopAtTheMaximum() {
        assertThat(DEPRECATED.bitsAt(Instant.parse("2999-01-01T00:00:00Z"))).isEqualTo(DifficultyPolicy.MAX_BITS);
    }

    @Test
    void isDeprecatedAtShouldStartOnTheDateInUtc() {
        assertThat(DEPRECATED.isDeprecatedAt(Instant.parse("2025-12-31T23:59:59Z"))).isFalse();
        assertThat(DEPRECATED.isDeprecatedAt(Instant.parse("2026-01-01T00:00:00Z"))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1, 10", "2, 11", "3, 12", "4, 12", "5, 13", "8, 13", "9, 14", "100, 17", "1024, 20", "1025, 21"})
    void forRecipientsShouldAddCeilingOfLog2(int recipients, int bits) {
        assertThat(DifficultyPolicy.forRecipients(10, recipients)).isEqualTo(bits);
    }

    @Test
    void forRecipientsShouldRejectZero() {
        assertThatThrownBy(() -> DifficultyPolicy.forRecipients(10, 0)).hasMessageContaining("at least 1");
    }

    @Test
    void ofShouldRejectBitsOutOfRange() {
        assertThatThrownBy(() -> DifficultyPolicy.of(257)).hasMessageContaining("0 to 256");
        assertThatThrownBy(() -> DifficultyPolicy.of(-1)).hasMessageContaining("0 to 256");
    }

    @Test
    void withDeprecationShouldRejectZeroGrowthDays() {
        assertThatThrownBy(() -> DifficultyPolicy.of(1).withDeprecation(LocalDate.EPOCH, 0))
            .hasMessageContaining("growthDays must be from 1");
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(DifficultyPolicy.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
