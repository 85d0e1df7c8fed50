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
     * Whether {@code prefix || nonce} carries at least {@code bits} of work ({@code nonce}:
     * the whole proof, of {@link #minProofBytes()} to {@link #maxProofBytes()} bytes).
     * Cheap rejections come first, so a garbage nonce costs at most the gate.
     */
    Check check(byte[] prefix, byte[] nonce, int bits);

    /**
     * The length of the proof an XPOW command carries for this algorithm (the word after the
     * recipient count, decoded): for a hash algorithm the nonce, 1 to 32 bytes.
     */
    default int minProofBytes() {
        return 1;
    }

    /** See {@link #minProofBytes()}. */
    default int maxProofBytes() {
        return 32;
    }

    /**
     * Whether a proof costs the server far less to check than one try costs the sender
     * (Equihash: microseconds against a Wagner run): senders prefer such algorithms.
     */
    default boolean asymmetric() {
        return false;
    }

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

    /**
     * The outcome of {@link #check}: an outcome to decide on, and for a proof that is
     * not even well-formed for this algorithm, why (for the reply, never to decide on).
     */
    final class Check {
        /** Enough work. */
        public static final Check PASSED = new Check(Outcome.PASSED, "");
        /** Refused by the cheap pre-check: the expensive function did not run. */
        public static final Check GATE_REFUSED = new Check(Outcome.GATE_REFUSED, "");
        /** Not enough work. */
        public static final Check INSUFFICIENT = new Check(Outcome.INSUFFICIENT, "");

        private final Outcome outcome;
        private final String why;

        private Check(Outcome outcome, String why) {
            this.outcome = outcome;
            this.why = why;
        }

        /** A proof that is not one for this algorithm at all, e.g. an Equihash solution that does not collide. */
        public static Check invalid(String why) {
            return new Check(Outcome.INVALID, why);
        }

        public Outcome outcome() {
            return outcome;
        }

        public boolean passed() {
            return outcome == Outcome.PASSED;
        }

        /** For {@link Outcome#INVALID}: what is wrong, for people; empty otherwise. */
        public String why() {
            return why;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Check && ((Check) o).outcome == outcome && ((Check) o).why.equals(why);
        }

        @Override
        public int hashCode() {
            return outcome.hashCode() * 31 + why.hashCode();
        }

        @Override
        public String toString() {
            return why.isEmpty() ? outcome.name() : outcome + ": " + why;
        }

        public enum Outcome {
            PASSED,
            GATE_REFUSED,
            INSUFFICIENT,
            /** Not a proof of this algorithm: malformed for it, or failing its construction. */
            INVALID
        }
    }
}
