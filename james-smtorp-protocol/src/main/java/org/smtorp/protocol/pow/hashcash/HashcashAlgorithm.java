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
 * <p>The search hashes as few blocks as it can. A stamp whose prefix leaves room in
 * its first 64-byte block gets the shortest counters, so the whole stamp is one block
 * and a try is one update and digest of a reused SHA-1. Longer stamps, and try numbers
 * too large for that room, use the midstate trick: the counter is padded so that only
 * the last block varies, the SHA-1 state after the blocks before is computed once,
 * and each try copies it and hashes that one block. The copy costs about a third of a
 * try (docs/xpow.md), which is why short stamps skip it.
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
     * A search whose nonces are counters of base64 characters. Try numbers that fit in
     * the room left in a one-block stamp get the shortest counters ("A", "B", ..., "BA");
     * the rest get {@link #COUNTER_DIGITS} digits after filler 'A's, so they end in the
     * last block. The two never collide: short counters are shorter than the others.
     */
    @Override
    public Search search(byte[] prefix, int bits) {
        long shortCounters = shortCounters(prefix.length);
        Search oneBlock = oneBlockSearch(prefix, bits);
        Search midstate = midstateSearch(prefix, bits);
        return (first, count) -> {
            long end = first + count;
            if (first < shortCounters) {
                long last = Math.min(end, shortCounters);
                Optional<byte[]> found = oneBlock.run(first, last - first);
                if (found.isPresent() || last == end) {
                    return found;
                }
                first = last;
            }
            return midstate.run(first, end - first);
        };
    }

    /** How many try numbers have a counter that keeps the stamp in one block: 64^digits of room. */
    static long shortCounters(int prefixLength) {
        int room = LAST_BLOCK_ROOM - prefixLength;
        if (room <= 0) {
            return 0;
        }
        // 64^10 = 2^60; from 11 digits on every long fits.
        return room >= COUNTER_DIGITS ? Long.MAX_VALUE : 1L << (6 * room);
    }

    private Search oneBlockSearch(byte[] prefix, int bits) {
        byte[] message = Arrays.copyOf(prefix, LAST_BLOCK_ROOM);
        MessageDigest digest = sha1.fresh();
        byte[] hash = new byte[20];
        return (first, count) -> {
            for (long n = first; n < first + count; n++) {
                int digits = shortestDigits(n);
                long rest = n;
                for (int i = prefix.length + digits - 1; i >= prefix.length; i--) {
                    message[i] = DIGITS[(int) (rest & 63)];
                    rest >>>= 6;
                }
                digest.update(message, 0, prefix.length + digits);
                DigestPrototype.finish(digest, hash);
                if (LeadingZeros.atLeast(hash, bits)) {
                    return Optional.of(Arrays.copyOfRange(message, prefix.length, prefix.length + digits));
                }
            }
            return Optional.empty();
        };
    }

    /** Base64 digits of {@code n} without leading 'A's (zero is "A"). */
    private static int shortestDigits(long n) {
        return n == 0 ? 1 : (64 - Long.numberOfLeadingZeros(n) + 5) / 6;
    }

    private Search midstateSearch(byte[] prefix, int bits) {
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
