/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solver;

class HashcashMinterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void mintShouldMakeAStampTheCheckerAccepts() throws Exception {
        HashcashMinter minter = HashcashMinter.of(Solver.withThreads(2), CLOCK, new SecureRandom());
        Stamp stamp = minter.mint("bob@example.onion", 12, Duration.ofMinutes(1), ProgressListener.NONE)
            .get(1, TimeUnit.MINUTES);
        assertThat(stamp.asString()).startsWith("1:12:261129:bob@example.onion::");
        assertThat(StampChecker.of(InMemorySpentStampStore.create(CLOCK), CLOCK)
            .check(stamp.asString(), "bob@example.onion", 12).isValid()).isTrue();
    }
}
