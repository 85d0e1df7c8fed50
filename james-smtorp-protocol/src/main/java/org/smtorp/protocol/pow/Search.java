/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import java.util.Optional;

/**
 * The mutable state of one thread's search: it maps try numbers to nonces, so
 * threads given disjoint ranges of numbers search disjoint nonces. Not thread-safe.
 */
public interface Search {
    /**
     * Tries the nonces numbered {@code first} to {@code first + count - 1}.
     *
     * @return the first nonce that reaches the difficulty, if any
     */
    Optional<byte[]> run(long first, long count);

    /** The search is over: what it holds may serve another (an Equihash search's tables). */
    default void close() {
    }
}
