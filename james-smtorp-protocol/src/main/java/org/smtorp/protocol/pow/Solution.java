/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/** A nonce that reaches the difficulty, with what finding it cost. */
public final class Solution {
    private final byte[] nonce;
    private final long tries;
    private final Duration elapsed;

    private Solution(byte[] nonce, long tries, Duration elapsed) {
        this.nonce = nonce;
        this.tries = tries;
        this.elapsed = elapsed;
    }

    public static Solution of(byte[] nonce, long tries, Duration elapsed) {
        return new Solution(nonce.clone(), tries, Objects.requireNonNull(elapsed));
    }

    public byte[] nonce() {
        return nonce.clone();
    }

    /** Nonces tried by all threads until this one was found. */
    public long tries() {
        return tries;
    }

    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof Solution)) {
            return false;
        }
        Solution that = (Solution) o;
        return Arrays.equals(nonce, that.nonce) && tries == that.tries && elapsed.equals(that.elapsed);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(Arrays.hashCode(nonce), tries, elapsed);
    }

    @Override
    public String toString() {
        return "Solution{" + tries + " tries in " + elapsed.toMillis() + " ms}";
    }
}
