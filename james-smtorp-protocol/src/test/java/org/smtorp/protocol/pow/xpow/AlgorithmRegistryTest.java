/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.pow.InvalidPowSettingException;

class AlgorithmRegistryTest {
    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void defaultsShouldOfferArgon2idFirstAndHashcashDeprecated() {
        AlgorithmRegistry registry = AlgorithmRegistry.defaults(at("2026-05-31T12:00:00Z"));
        assertThat(registry.offer(TestChallenges.of("c")).difficulties()).containsExactly(
            Map.entry("argon2id", AlgorithmRegistry.DEFAULT_ARGON2ID_BITS),
            Map.entry("sha256", AlgorithmRegistry.DEFAULT_SHA256_BITS),
            Map.entry("hashcash", AlgorithmRegistry.DEFAULT_HASHCASH_BITS));
    }

    @Test
    void hashcashShouldGrowAfterItsDeprecationDate() {
        // 2026-06-01 + 181 days: three periods of 60 days.
        assertThat(AlgorithmRegistry.defaults(at("2026-11-29T00:00:00Z")).bits("hashcash"))
            .isEqualTo(AlgorithmRegistry.DEFAULT_HASHCASH_BITS + 3);
        assertThat(AlgorithmRegistry.defaults(at("2027-11-29T00:00:00Z")).bits("argon2id"))
            .isEqualTo(AlgorithmRegistry.DEFAULT_ARGON2ID_BITS);
    }

    @Test
    void bitsShouldScaleWithRecipientsForXpowButNotForStamps() {
        AlgorithmRegistry registry = AlgorithmRegistry.defaults(at("2026-01-01T00:00:00Z"));
        assertThat(registry.bits("argon2id", 5)).isEqualTo(AlgorithmRegistry.DEFAULT_ARGON2ID_BITS + 3);
        assertThat(registry.bits("hashcash", 5)).isEqualTo(AlgorithmRegistry.DEFAULT_HASHCASH_BITS);
    }

    @Test
    void withSettingsShouldChangeAndRemoveAlgorithms() {
        AlgorithmRegistry registry = AlgorithmRegistry.defaults(at("2026-11-29T00:00:00Z"))
            .withSettings(List.of("argon2id=10", "sha256=off", "hashcash=20 deprecated=never"));
        assertThat(registry.offer(TestChallenges.of("c")).difficulties())
            .containsExactly(Map.entry("argon2id", 10), Map.entry("hashcash", 20));
        assertThat(registry.algorithm("sha256")).isEmpty();
    }

    @Test
    void withSettingsShouldRefuseAnUnknownAlgorithm() {
        assertThatThrownBy(() -> AlgorithmRegistry.defaults(Clock.systemUTC()).withSettings(List.of("scrypt=3")))
            .isInstanceOf(InvalidPowSettingException.class)
            .hasMessage("unknown algorithm \"scrypt\"; known: argon2id, sha256, hashcash");
    }

    @Test
    void bitsShouldNotExceedTheAlgorithmsOutput() {
        AlgorithmRegistry registry = AlgorithmRegistry.defaults(Clock.systemUTC())
            .withSettings(List.of("hashcash=200"));
        assertThat(registry.bits("hashcash")).isEqualTo(160);
    }
}
