/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * BLAKE2b (RFC 7693, unkeyed, no salt) of {@code input | le32(counter)} for many
 * counters: the blocks made of input alone are compressed once, and each digest
 * then costs one or two compressions and no allocation. Equihash calls it once per
 * BLAKE2b output, 2^(n/(k+1)+1) / (512/n) times per solver run. Not thread-safe.
 */
final class Blake2bMidstate {
    private static final int BLOCK = 128;
    private static final int ROUNDS = 12;
    private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
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

    // The working vector in sixteen locals, the mixes written out: with the vector in an array and a mix
    // method, the JIT kept it in memory and one compression took about 540 ns, now about 370 (a garbage
    // equihash proof that meets the SHA-256 condition costs two). The rounds are not unrolled as well:
    // that method passed HotSpot's 8000 bytes of bytecode and ran interpreted, 30 times slower.
    private void compress(long[] state, byte[] bytes, int offset, long counter, boolean last) {
        for (int i = 0; i < 16; i++) {
            m[i] = (long) LITTLE_ENDIAN_LONG.get(bytes, offset + 8 * i);
        }
        long v0 = state[0];
        long v1 = state[1];
        long v2 = state[2];
        long v3 = state[3];
        long v4 = state[4];
        long v5 = state[5];
        long v6 = state[6];
        long v7 = state[7];
        long v8 = IV[0];
        long v9 = IV[1];
        long v10 = IV[2];
        long v11 = IV[3];
        long v12 = IV[4] ^ counter;
        long v13 = IV[5];
        long v14 = last ? ~IV[6] : IV[6];
        long v15 = IV[7];
        for (int round = 0; round < ROUNDS; round++) {
            byte[] s = SIGMA[round];
            v0 += v4 + m[s[0]];
            v12 = Long.rotateRight(v12 ^ v0, 32);
            v8 += v12;
            v4 = Long.rotateRight(v4 ^ v8, 24);
            v0 += v4 + m[s[1]];
            v12 = Long.rotateRight(v12 ^ v0, 16);
            v8 += v12;
            v4 = Long.rotateRight(v4 ^ v8, 63);
            v1 += v5 + m[s[2]];
            v13 = Long.rotateRight(v13 ^ v1, 32);
            v9 += v13;
            v5 = Long.rotateRight(v5 ^ v9, 24);
            v1 += v5 + m[s[3]];
            v13 = Long.rotateRight(v13 ^ v1, 16);
            v9 += v13;
            v5 = Long.rotateRight(v5 ^ v9, 63);
            v2 += v6 + m[s[4]];
            v14 = Long.rotateRight(v14 ^ v2, 32);
            v10 += v14;
            v6 = Long.rotateRight(v6 ^ v10, 24);
            v2 += v6 + m[s[5]];
            v14 = Long.rotateRight(v14 ^ v2, 16);
            v10 += v14;
            v6 = Long.rotateRight(v6 ^ v10, 63);
            v3 += v7 + m[s[6]];
            v15 = Long.rotateRight(v15 ^ v3, 32);
            v11 += v15;
            v7 = Long.rotateRight(v7 ^ v11, 24);
            v3 += v7 + m[s[7]];
            v15 = Long.rotateRight(v15 ^ v3, 16);
            v11 += v15;
            v7 = Long.rotateRight(v7 ^ v11, 63);
            v0 += v5 + m[s[8]];
            v15 = Long.rotateRight(v15 ^ v0, 32);
            v10 += v15;
            v5 = Long.rotateRight(v5 ^ v10, 24);
            v0 += v5 + m[s[9]];
            v15 = Long.rotateRight(v15 ^ v0, 16);
            v10 += v15;
            v5 = Long.rotateRight(v5 ^ v10, 63);
            v1 += v6 + m[s[10]];
            v12 = Long.rotateRight(v12 ^ v1, 32);
            v11 += v12;
            v6 = Long.rotateRight(v6 ^ v11, 24);
            v1 += v6 + m[s[11]];
            v12 = Long.rotateRight(v12 ^ v1, 16);
            v11 += v12;
            v6 = Long.rotateRight(v6 ^ v11, 63);
            v2 += v7 + m[s[12]];
            v13 = Long.rotateRight(v13 ^ v2, 32);
            v8 += v13;
            v7 = Long.rotateRight(v7 ^ v8, 24);
            v2 += v7 + m[s[13]];
            v13 = Long.rotateRight(v13 ^ v2, 16);
            v8 += v13;
            v7 = Long.rotateRight(v7 ^ v8, 63);
            v3 += v4 + m[s[14]];
            v14 = Long.rotateRight(v14 ^ v3, 32);
            v9 += v14;
            v4 = Long.rotateRight(v4 ^ v9, 24);
            v3 += v4 + m[s[15]];
            v14 = Long.rotateRight(v14 ^ v3, 16);
            v9 += v14;
            v4 = Long.rotateRight(v4 ^ v9, 63);
        }
        state[0] ^= v0 ^ v8;
        state[1] ^= v1 ^ v9;
        state[2] ^= v2 ^ v10;
        state[3] ^= v3 ^ v11;
        state[4] ^= v4 ^ v12;
        state[5] ^= v5 ^ v13;
        state[6] ^= v6 ^ v14;
        state[7] ^= v7 ^ v15;
    }

    private static long littleEndianLong(byte[] bytes, int offset) {
        return (long) LITTLE_ENDIAN_LONG.get(bytes, offset);
    }
}
