/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Arrays;

import org.smtorp.protocol.pow.DigestPrototype;
import org.smtorp.protocol.pow.LeadingZeros;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.Search;

/**
 * {@code argon2id}, the preferred algorithm: leading zero bits of
 * Argon2id(prefix | nonce), memory-hard so GPUs gain little. Checking costs one
 * Argon2, so a message must first pass a gate: SHA-256(prefix | nonce) needs
 * {@link #GATE_BITS} leading zero bits. Making the server run one Argon2 thus costs
 * the attacker {@code 2^GATE_BITS} SHA-256, more than the Argon2 costs the server;
 * a garbage proof costs the server one SHA-256.
 */
final class Argon2idAlgorithm implements PowAlgorithm {
    static final String NAME = "argon2id";
    static final int GATE_BITS = 18;
    /** Measured on the reference machine, see docs/xpow.md. */
    private static final double GATE_NANOS = 95;
    private static final double ARGON2_NANOS = 5_000_000;

    private final DigestPrototype sha256 = DigestPrototype.of("SHA-256");
    private final Argon2Function argon2;

    Argon2idAlgorithm(Argon2Function argon2) {
        this.argon2 = argon2;
    }

    static Argon2idAlgorithm standard() {
        return new Argon2idAlgorithm(Argon2Function.bouncyCastle());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Binding binding() {
        return Binding.CHALLENGE;
    }

    @Override
    public int maxBits() {
        return Argon2Function.OUTPUT_BYTES * 8;
    }

    /** A gate pass per {@code 2^GATE_BITS} tries, an Argon2 success per {@code 2^bits} passes. */
    @Override
    public double expectedTries(int bits) {
        return Math.pow(2, bits + GATE_BITS);
    }

    @Override
    public double nanosPerTry() {
        return GATE_NANOS + ARGON2_NANOS / (1 << GATE_BITS);
    }

    @Override
    public Check check(byte[] prefix, byte[] nonce, int bits) {
        if (!sha256.reaches(prefix, nonce, GATE_BITS)) {
            return Check.GATE_REFUSED;
        }
        byte[] message = Arrays.copyOf(prefix, prefix.length + nonce.length);
        System.arraycopy(nonce, 0, message, prefix.length, nonce.length);
        byte[] hash = new byte[Argon2Function.OUTPUT_BYTES];
        argon2.hash(message, hash);
        return LeadingZeros.atLeast(hash, bits) ? Check.PASSED : Check.INSUFFICIENT;
    }

    @Override
    public Search search(byte[] prefix, int bits) {
        byte[] hash = new byte[Argon2Function.OUTPUT_BYTES];
        return new Sha256Search(sha256, prefix, GATE_BITS, message -> {
            argon2.hash(message, hash);
            return LeadingZeros.atLeast(hash, bits);
        });
    }

    @Override
    public String toString() {
        return NAME;
    }
}
