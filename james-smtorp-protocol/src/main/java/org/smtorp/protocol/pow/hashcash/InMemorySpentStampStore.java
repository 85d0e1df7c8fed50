/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A spent-stamp store that forgets on restart: for tests and throw-away servers. */
public final class InMemorySpentStampStore implements SpentStampStore {
    private final Clock clock;
    private final Map<String, Instant> spent = new HashMap<>();

    private InMemorySpentStampStore(Clock clock) {
        this.clock = clock;
    }

    public static InMemorySpentStampStore create(Clock clock) {
        return new InMemorySpentStampStore(clock);
    }

    @Override
    public synchronized boolean spend(Stamp stamp, Instant expiresAt) {
        Instant now = clock.instant();
        spent.values().removeIf(expiry -> expiry.isBefore(now));
        return spent.putIfAbsent(stamp.asString(), expiresAt) == null;
    }
}
