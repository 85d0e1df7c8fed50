/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import org.smtorp.protocol.pow.DigestPrototype;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.Search;

/**
 * {@code sha256}: leading zero bits of SHA-256(prefix | nonce). One hash to check,
 * but GPUs and ASICs compute it far faster than a sender's CPU, so it is accepted
 * only at a higher difficulty than {@code argon2id}.
 */
final class Sha256Algorithm implements PowAlgorithm {
    static final String NAME = "sha256";
    /** Measured on the reference machine, see docs/xpow.md. */
    private static final double NANOS_PER_TRY = 95;

    private final DigestPrototype sha256 = DigestPrototype.of("SHA-256");

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
        return 256;
    }

    @Override
    public double nanosPerTry() {
        return NANOS_PER_TRY;
    }

    @Override
    public Check check(byte[] prefix, byte[] nonce, int bits) {
        return sha256.reaches(prefix, nonce, bits) ? Check.PASSED : Check.INSUFFICIENT;
    }

    @Override
    public Search search(byte[] prefix, int bits) {
        return new Sha256Search(sha256, prefix, bits, message -> true);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
