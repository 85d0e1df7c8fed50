/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

import org.smtorp.protocol.pow.DigestPrototype;
import org.smtorp.protocol.pow.LeadingZeros;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.Search;

/**
 * {@code hashcash}: leading zero bits of SHA-1 over a stamp's text, the prefix being
 * the stamp up to its counter and the nonce the counter. Bound to a resource, not
 * to a challenge, so stamps need a spent-stamp store; deprecated from the start.
 *
 * <p>The search uses the midstate trick: its counter is padded so that only the
 * last 64-byte block of the stamp varies, the SHA-1 state after the blocks before
 * is computed once, and each try copies it and hashes that one block.
 */
public final class HashcashAlgorithm implements PowAlgorithm {
    public static final String NAME = "hashcash";
    /** Counter characters that vary: 11 of 6 bits hold any try number. */
    static final int COUNTER_DIGITS = 11;
    private static final byte[] DIGITS =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
    private static final int BLOCK = 64;
    // A block holds the message's last bytes and SHA-1's 9 bytes of padding.
    private static final int LAST_BLOCK_ROOM = BLOCK - 9;
    /** Measured on the reference machine, see docs/xpow.md. */
    private static final double NANOS_PER_TRY = 70;

    private final DigestPrototype sha1 = DigestPrototype.of("SHA-1");

    private HashcashAlgorithm() {
    }

    public static HashcashAlgorithm create() {
        return new HashcashAlgorithm();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Binding binding() {
        return Binding.RESOURCE;
    }

    @Override
    public int maxBits() {
        return Stamp.MAX_BITS;
    }

    @Override
    public double expectedTries(int bits) {
        return Math.pow(2, bits);
    }

    @Override
    public double nanosPerTry() {
        return NANOS_PER_TRY;
    }

    @Override
    public Check check(byte[] prefix, byte[] nonce, int bits) {
        return sha1.reaches(prefix, nonce, bits) ? Check.PASSED : Check.INSUFFICIENT;
    }

    /** The real value of a stamp: the leading zero bits of SHA-1 over its text. */
    public int value(Stamp stamp) {
        return LeadingZeros.of(sha1.fresh().digest(stamp.bytes()));
    }

    /**
     * A search whose nonces are counters of base64 characters: filler 'A's, so the
     * varying {@link #COUNTER_DIGITS} end in the last block, then the try number.
     */
    @Override
    public Search search(byte[] prefix, int bits) {
        int width = counterWidth(prefix.length);
        int length = prefix.length + width;
        int constant = (length / BLOCK) * BLOCK;
        byte[] message = Arrays.copyOf(prefix, length);
        Arrays.fill(message, prefix.length, length, DIGITS[0]);
        MessageDigest midstate = sha1.fresh();
        midstate.update(message, 0, constant);
        byte[] tail = Arrays.copyOfRange(message, constant, length);
        byte[] hash = new byte[20];
        return (first, count) -> {
            for (long n = first; n < first + count; n++) {
                long digits = n;
                for (int i = tail.length - 1; i >= tail.length - COUNTER_DIGITS; i--) {
                    tail[i] = DIGITS[(int) (digits & 63)];
                    digits >>>= 6;
                }
                MessageDigest digest = DigestPrototype.copy(midstate);
                digest.update(tail);
                DigestPrototype.finish(digest, hash);
                if (LeadingZeros.atLeast(hash, bits)) {
                    byte[] counter = new byte[width];
                    System.arraycopy(message, prefix.length, counter, 0, width - COUNTER_DIGITS);
                    System.arraycopy(tail, tail.length - COUNTER_DIGITS, counter, width - COUNTER_DIGITS, COUNTER_DIGITS);
                    return Optional.of(counter);
                }
            }
            return Optional.empty();
        };
    }

    /** The counter's width for a prefix of {@code prefixLength}: its varying digits all in the last block. */
    static int counterWidth(int prefixLength) {
        int offset = prefixLength % BLOCK;
        return offset + COUNTER_DIGITS <= LAST_BLOCK_ROOM ? COUNTER_DIGITS : BLOCK - offset + COUNTER_DIGITS;
    }

    @Override
    public String toString() {
        return NAME;
    }
}
