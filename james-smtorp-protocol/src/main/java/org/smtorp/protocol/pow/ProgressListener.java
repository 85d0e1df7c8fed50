/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

/** Hears how a long search goes, a few times a second, from a solving thread: keep it quick. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (triesDone, expectedTries) -> { };

    /**
     * @param triesDone     nonces tried so far, all threads together
     * @param expectedTries the mean number a search needs; a search may well need more
     */
    void onProgress(long triesDone, double expectedTries);
}
