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
import org.smtorp.protocol.pow.PowAlgorithm;

class AlgorithmRegistryTest {
    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void defaultsShouldOfferEquihashFirstThenArgon2idOnly() {
        AlgorithmRegistry registry = AlgorithmRegistry.defaults(at("2026-05-31T12:00:00Z"));
        assertThat(registry.offer(TestChallenges.of("c")).difficulties()).containsExactly(
            Map.entry("equihash", AlgorithmRegistry.DEFAULT_EQUIHASH_BITS),
            Map.entry("argon2id", AlgorithmRegistry.DEFAULT_ARGON2ID_BITS));
        assertThat(registry.algorithm("sha256")).isEmpty();
        assertThat(registry.algorithm("hashcash")).isEmpty();
        assertThat(registry.policy("hashcash")).isEmpty();
    }

    @Test
    void allShouldOfferEveryAlgorithmInOrderOfPreference() {
        AlgorithmRegistry registry = AlgorithmRegistry.all(at("2026-05-31T12:00:00Z"));
        assertThat(registry.offer(TestChallenges.of("c")).difficulties()).containsExactly(
            Map.entry("equihash", AlgorithmRegistry.DEFAULT_EQUIHASH_BITS),
            Map.entry("argon2id", AlgorithmRegistry.DEFAULT_ARGON2ID_BITS),
            Map.entry("sha256", AlgorithmRegistry.DEFAULT_SHA256_BITS),
            Map.entry("hashcash", AlgorithmRegistry.DEFAULT_HASHCASH_BITS));
        assertThat(registry.algorithms()).filteredOn(PowAlgorithm::asymmetric).extracting(PowAlgorithm::name)
            .containsExactly("equihash");
    }

    @Test
    void hashcashShouldGrowAfterItsDeprecationDate() {
        // 2026-06-01 + 181 days: three periods of 60 days.
        assertThat(AlgorithmRegistry.all(at("2026-11-29T00:00:00Z")).bits("hashcash"))
            .isEqualTo(AlgorithmRegistry.DEFAULT_HASHCASH_BITS + 3);
        assertThat(AlgorithmRegistry.all(at("2027-11-29T00:00:00Z")).bits("argon2id"))
            .isEqualTo(AlgorithmRegistry.DEFAULT_ARGON2ID_BITS);
        assertThat(AlgorithmRegistry.all(at("2027-11-29T00:00:00Z")).bits("equihash"))
            .isEqualTo(AlgorithmRegistry.DEFAULT_EQUIHASH_BITS);
    }

    @Test
    void hashcashTurnedOnShouldKeepItsDatedGrowth() {
        AlgorithmRegistry registry = AlgorithmRegistry.defaults(at("2026-11-29T00:00:00Z"))
            .withSettings(List.of("hashcash=24"));
        assertThat(registry.bits("hashcash")).isEqualTo(AlgorithmRegistry.DEFAULT_HASHCASH_BITS + 3);
    }

    @Test
    void bitsShouldScaleWithRecipientsForXpowButNotForStamps() {
        AlgorithmRegistry registry = AlgorithmRegistry.all(at("2026-01-01T00:00:00Z"));
        assertThat(registry.bits("equihash", 5)).isEqualTo(AlgorithmRegistry.DEFAULT_EQUIHASH_BITS + 3);
        assertThat(registry.bits("argon2id", 5)).isEqualTo(AlgorithmRegistry.DEFAULT_ARGON2ID_BITS + 3);
        assertThat(registry.bits("hashcash", 5)).isEqualTo(AlgorithmRegistry.DEFAULT_HASHCASH_BITS);
    }

    @Test
    void withSettingsShouldTurnAlgorithmsOnAndOffKeepingTheOrderOfPreference() {
        AlgorithmRegistry registry = AlgorithmRegistry.defaults(at("2026-11-29T00:00:00Z"))
            .withSettings(List.of("hashcash=20 deprecated=never", "equihash=off", "argon2id=10", "sha256=28"));
        assertThat(registry.offer(TestChallenges.of("c")).difficulties())
            .containsExactly(Map.entry("argon2id", 10), Map.entry("sha256", 28), Map.entry("hashcash", 20));
        assertThat(registry.algorithm("equihash")).isEmpty();
    }

    @Test
    void bitsOfAnAlgorithmOffShouldBeRefusedNamingTheOnes() {
        assertThatThrownBy(() -> AlgorithmRegistry.defaults(Clock.systemUTC()).bits("sha256"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("no algorithm sha256 on here; on: equihash, argon2id");
    }

    @Test
    void withSettingsShouldRefuseAnUnknownAlgorithm() {
        assertThatThrownBy(() -> AlgorithmRegistry.defaults(Clock.systemUTC()).withSettings(List.of("scrypt=3")))
            .isInstanceOf(InvalidPowSettingException.class)
            .hasMessage("unknown algorithm \"scrypt\"; known: equihash, argon2id, sha256, hashcash");
    }

    @Test
    void bitsShouldNotExceedTheAlgorithmsOutput() {
        AlgorithmRegistry registry = AlgorithmRegistry.defaults(Clock.systemUTC())
            .withSettings(List.of("hashcash=200"));
        assertThat(registry.bits("hashcash")).isEqualTo(160);
    }
}
