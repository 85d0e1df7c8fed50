/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import java.time.Instant;

/**
 * Remembers the stamps spent, so each is accepted once. An entry may be dropped
 * after it expires: the checker refuses the stamp as expired from then on.
 * Implementations are thread-safe.
 */
public interface SpentStampStore {
    /**
     * Records {@code stamp} as spent until {@code expiresAt}, atomically.
     *
     * @return true if it was not spent before, false for a double spend
     */
    boolean spend(Stamp stamp, Instant expiresAt);
}
