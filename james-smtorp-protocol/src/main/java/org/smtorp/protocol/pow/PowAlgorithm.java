/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

/**
 * A proof-of-work function: a message made of a fixed prefix and a nonce the
 * prover varies, and a number of leading zero bits the work must reach. Every
 * implementation passes the shared contract test.
 *
 * <p>Implementations are immutable and thread-safe; the mutable per-thread state of
 * a search lives in the {@link Search} each call of {@link #search} returns.
 */
public interface PowAlgorithm {
    /** The name on the wire, lower case, e.g. {@code argon2id}. */
    String name();

    /** What a proof is bound to, which decides how it travels. */
    Binding binding();

    /** The largest difficulty this algorithm can express: its output size in bits. */
    int maxBits();

    /**
     * The mean number of tries (nonces) a search needs to reach {@code bits}:
     * {@code 2^bits}; gated algorithms multiply by the gate's factor.
     */
    default double expectedTries(int bits) {
        return Math.pow(2, bits);
    }

    /** The estimated time of one try on one core of a 2020s x86 machine, in nanoseconds. */
    double nanosPerTry();

    /**
     * Whether {@code prefix || nonce} carries at least {@code bits} of work.
     * Cheap rejections come first, so a garbage nonce costs at most the gate.
     */
    Check check(byte[] prefix, byte[] nonce, int bits);

    /** A single-threaded search over nonces for this prefix and difficulty. */
    Search search(byte[] prefix, int bits);

    /** The expected single-core time to reach {@code bits}, in nanoseconds. */
    default double expectedNanos(int bits) {
        return expectedTries(bits) * nanosPerTry();
    }

    /** What a proof is bound to. */
    enum Binding {
        /** To the per-session XPOW challenge: sent with the {@code XPOW} verb. */
        CHALLENGE,
        /** To a resource (the recipient address): sent in a message header, needs a spent-stamp store. */
        RESOURCE
    }

    /** The outcome of {@link #check}. */
    enum Check {
        /** Enough work. */
        PASSED,
        /** Refused by the cheap pre-check: the expensive function did not run. */
        GATE_REFUSED,
        /** Not enough work. */
        INSUFFICIENT;

        public boolean passed() {
            return this == PASSED;
        }
    }
}
