/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

/**
 * BLAKE2b (RFC 7693, unkeyed, no salt) of {@code input | le32(counter)} for many
 * counters: the blocks made of input alone are compressed once, and each digest
 * then costs one or two compressions and no allocation. Equihash calls it once per
 * BLAKE2b output, 2^(n/(k+1)+1) / (512/n) times per solver run. Not thread-safe.
 */
final class Blake2bMidstate {
    private static final int BLOCK = 128;
    private static final int ROUNDS = 12;
    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L};
    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

    private final int digestBytes;
    private final long[] midstate = new long[8];
    /** The input after its last whole block, then room for the counter. */
    private final byte[] tail;
    private final int tailLength;
    private final long inputLength;
    private final long[] h = new long[8];
    private final long[] v = new long[16];
    private final long[] m = new long[16];
    private final byte[] block = new byte[BLOCK];

    Blake2bMidstate(int digestBytes, byte[] personalization, byte[] input, int offset, int length) {
        if (digestBytes < 1 || digestBytes > 64 || personalization.length != 16) {
            throw new IllegalArgumentException("BLAKE2b digest of 1 to 64 bytes, personalization of 16");
        }
        this.digestBytes = digestBytes;
        this.inputLength = length;
        System.arraycopy(IV, 0, midstate, 0, 8);
        midstate[0] ^= 0x01010000L ^ digestBytes;
        midstate[6] ^= littleEndianLong(personalization, 0);
        midstate[7] ^= littleEndianLong(personalization, 8);
        // Input-only blocks are never the last: the counter follows them.
        int wholeBlocks = length / BLOCK;
        for (int b = 0; b < wholeBlocks; b++) {
            compress(midstate, input, offset + b * BLOCK, (long) (b + 1) * BLOCK, false);
        }
        tailLength = length - wholeBlocks * BLOCK;
        tail = new byte[2 * BLOCK];
        System.arraycopy(input, offset + wholeBlocks * BLOCK, tail, 0, tailLength);
    }

    /** Writes the digest of {@code input | le32(counter)} into {@code destination} at 0. */
    void digest(int counter, byte[] destination) {
        System.arraycopy(midstate, 0, h, 0, 8);
        tail[tailLength] = (byte) counter;
        tail[tailLength + 1] = (byte) (counter >>> 8);
        tail[tailLength + 2] = (byte) (counter >>> 16);
        tail[tailLength + 3] = (byte) (counter >>> 24);
        int remaining = tailLength + 4;
        long total = inputLength + 4;
        if (remaining > BLOCK) {
            compress(h, tail, 0, total - remaining + BLOCK, false);
            lastBlock(tail, BLOCK, remaining - BLOCK, total);
        } else {
            lastBlock(tail, 0, remaining, total);
        }
        for (int i = 0; i < digestBytes; i++) {
            destination[i] = (byte) (h[i >>> 3] >>> (8 * (i & 7)));
        }
    }

    private void lastBlock(byte[] bytes, int offset, int length, long total) {
        System.arraycopy(bytes, offset, block, 0, length);
        java.util.Arrays.fill(block, length, BLOCK, (byte) 0);
        compress(h, block, 0, total, true);
    }

    private void compress(long[] state, byte[] bytes, int offset, long counter, boolean last) {
        for (int i = 0; i < 16; i++) {
            m[i] = littleEndianLong(bytes, offset + 8 * i);
        }
        System.arraycopy(state, 0, v, 0, 8);
        System.arraycopy(IV, 0, v, 8, 8);
        v[12] ^= counter;
        if (last) {
            v[14] = ~v[14];
        }
        for (int round = 0; round < ROUNDS; round++) {
            byte[] s = SIGMA[round];
            mix(0, 4, 8, 12, m[s[0]], m[s[1]]);
            mix(1, 5, 9, 13, m[s[2]], m[s[3]]);
            mix(2, 6, 10, 14, m[s[4]], m[s[5]]);
            mix(3, 7, 11, 15, m[s[6]], m[s[7]]);
            mix(0, 5, 10, 15, m[s[8]], m[s[9]]);
            mix(1, 6, 11, 12, m[s[10]], m[s[11]]);
            mix(2, 7, 8, 13, m[s[12]], m[s[13]]);
            mix(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) {
            state[i] ^= v[i] ^ v[i + 8];
        }
    }

    private void mix(int a, int b, int c, int d, long x, long y) {
        long[] w = v;
        w[a] += w[b] + x;
        w[d] = Long.rotateRight(w[d] ^ w[a], 32);
        w[c] += w[d];
        w[b] = Long.rotateRight(w[b] ^ w[c], 24);
        w[a] += w[b] + y;
        w[d] = Long.rotateRight(w[d] ^ w[a], 16);
        w[c] += w[d];
        w[b] = Long.rotateRight(w[b] ^ w[c], 63);
    }

    private static long littleEndianLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
