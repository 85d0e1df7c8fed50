/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import java.util.Arrays;
import java.util.Optional;

/**
 * Checks Equihash solutions (Zcash protocol specification, section "Equihash"): {@code 2^k}
 * indices in range, forming a tree in which sibling subtrees collide on the bits of their
 * level, are ordered (left's first index below right's) and share no index, with an all-zero
 * XOR at the root. Immutable and thread-safe: each call has its own state.
 *
 * <p>Cost is what a refusal must cost the server, not more: the checks that need no hash
 * (length, range) come first, then the tree is walked depth-first, left first, hashing each
 * index only when the walk reaches it, as librustzcash's recursive verifier does. A garbage
 * solution breaks a rule at its first pair and costs two hashes; getting further down the walk
 * takes real collisions, that is the sender's work. The checks at each node come in
 * librustzcash's order, so each of its invalid vectors gets the reason it names. Checking order
 * and distinctness of all indices before any hash would give other reasons (an out-of-order
 * pair that also fails its collision is a Collision for Zcash) and would not lower the worst
 * case: well-ordered distinct garbage costs its two hashes all the same. The caller's arrays are
 * read, never kept nor changed.
 */
public final class EquihashVerifier {
    private EquihashVerifier() {
    }

    public static EquihashVerifier create() {
        return new EquihashVerifier();
    }

    /**
     * Checks {@code indices} as a solution for {@code input} (for Zcash: the block header then
     * the nonce).
     *
     * @param tag the 8-character personalization, {@link EquihashHashes#ZCASH_TAG} for Zcash's vectors
     */
    public EquihashCheck verify(EquihashParameters parameters, String tag, byte[] input, int[] indices) {
        if (indices.length != parameters.solutionIndices()) {
            return EquihashCheck.refused(EquihashCheck.Kind.WRONG_LENGTH, "an Equihash " + parameters
                + " solution has " + parameters.solutionIndices() + " indices, not " + indices.length);
        }
        // One unsigned comparison per index, the bound in a local: at (200,9) a call per index cost 900 ns.
        int hashCount = parameters.hashCount();
        for (int position = 0; position < indices.length; position++) {
            if (Integer.compareUnsigned(indices[position], hashCount) >= 0) {
                return EquihashCheck.refused(EquihashCheck.Kind.INDEX_OUT_OF_RANGE, "index " + indices[position]
                    + " at position " + position + " is outside 0 to " + (hashCount - 1));
            }
        }
        return new TreeWalk(parameters, indices, EquihashHashes.of(parameters, tag, input)).check();
    }

    /** As {@link #verify(EquihashParameters, String, byte[], int[])} for the minimal encoding of the indices. */
    public EquihashCheck verify(EquihashParameters parameters, String tag, byte[] input, byte[] minimalSolution) {
        Optional<int[]> indices = SolutionEncoding.decode(parameters, minimalSolution);
        if (indices.isEmpty()) {
            return EquihashCheck.refused(EquihashCheck.Kind.WRONG_LENGTH, "an Equihash " + parameters
                + " solution has " + parameters.solutionBytes() + " bytes, not " + minimalSolution.length);
        }
        return verify(parameters, tag, input, indices.get());
    }

    /** One check's state: the XOR of each finished subtree on the path, and the indices sorted so far. */
    private static final class TreeWalk {
        private final EquihashParameters parameters;
        private final int[] indices;
        private final EquihashHashes hashes;
        private final int collisionBits;
        private final int hashBytes;
        // At offset (2 * level) * hashBytes and (2 * level + 1) * hashBytes: the XORs of the left and right
        // children of the node being joined at that level; the root's XOR after them. One array: a garbage
        // solution is refused in about two hashes' time, and allocations would be a good part of it.
        private final byte[] xors;
        // Each finished subtree's indices sorted in place (a merge sort as the walk goes), for distinctness in
        // one pass; made at the first node above level 1, which most garbage never reaches.
        private int[] sorted;
        private int[] merged;
        private EquihashCheck refusal;

        TreeWalk(EquihashParameters parameters, int[] indices, EquihashHashes hashes) {
            this.parameters = parameters;
            this.indices = indices;
            this.hashes = hashes;
            this.collisionBits = parameters.collisionBits();
            this.hashBytes = parameters.hashBytes();
            this.xors = new byte[(2 * parameters.k() + 3) * hashBytes];
        }

        EquihashCheck check() {
            int root = (2 * parameters.k() + 2) * hashBytes;
            if (!join(parameters.k(), 0, root)) {
                return refusal;
            }
            if (!zeroBits(xors, root, parameters.k() * collisionBits, parameters.n())) {
                return EquihashCheck.refused(EquihashCheck.Kind.NON_ZERO_ROOT, "the XOR of all "
                    + indices.length + " hashes is not zero in its last " + collisionBits + " bits");
            }
            return EquihashCheck.valid();
        }

        // Writes the XOR of the subtree of height level from position start into xors at offset, or refuses.
        private boolean join(int level, int start, int offset) {
            if (level == 0) {
                hashes.hash(indices[start], xors, offset);
                return true;
            }
            int half = 1 << (level - 1);
            int a = 2 * level * hashBytes;
            int b = a + hashBytes;
            if (!join(level - 1, start, a)) {
                return false;
            }
            // A right subtree that repeats the left one has its XOR and passes its checks, so it is copied, not
            // hashed again (a colliding pair repeated would cost twice the hashes of a garbage refusal); the
            // checks here then refuse it as librustzcash does, for its duplicates.
            boolean repeated = Arrays.equals(indices, start, start + half, indices, start + half, start + 2 * half);
            if (repeated) {
                System.arraycopy(xors, a, xors, b, hashBytes);
            } else if (!join(level - 1, start + half, b)) {
                return false;
            }
            if (!sameBits(xors, a, b, (level - 1) * collisionBits, level * collisionBits)) {
                return refuse(EquihashCheck.Kind.COLLISION, level, start, half, "the hashes differ in bits "
                    + (level - 1) * collisionBits + " to " + (level * collisionBits - 1));
            }
            if (indices[start + half] < indices[start]) {
                return refuse(EquihashCheck.Kind.OUT_OF_ORDER, level, start, half, "the right one starts with index "
                    + indices[start + half] + ", below the left one's " + indices[start]);
            }
            int duplicate;
            if (repeated || level == 1) {
                duplicate = indices[start] == indices[start + half] ? indices[start] : -1;
            } else {
                duplicate = mergeSorted(start, half);
            }
            if (duplicate >= 0) {
                return refuse(EquihashCheck.Kind.DUPLICATE_INDICES, level, start, half, "both hold index "
                    + duplicate);
            }
            for (int i = 0; i < hashBytes; i++) {
                xors[offset + i] = (byte) (xors[a + i] ^ xors[b + i]);
            }
            return true;
        }

        private boolean refuse(EquihashCheck.Kind kind, int level, int start, int half, String why) {
            refusal = EquihashCheck.refusedAtLevel(kind, level, "level " + level + ", subtrees at positions "
                + range(start, half) + " and " + range(start + half, half) + ": " + why);
            return false;
        }

        private static String range(int start, int length) {
            return length == 1 ? Integer.toString(start) : start + "-" + (start + length - 1);
        }

        // Merges the sorted halves [start, start + half) and [start + half, start + 2 half); returns an index in
        // both, or -1. A pair that passed its checks is already sorted: indices[start] < indices[start + 1].
        private int mergeSorted(int start, int half) {
            if (sorted == null) {
                sorted = indices.clone();
                merged = new int[indices.length];
            }
            int i = start;
            int j = start + half;
            int end = start + 2 * half;
            int out = start;
            while (i < start + half && j < end) {
                if (sorted[i] < sorted[j]) {
                    merged[out++] = sorted[i++];
                } else if (sorted[j] < sorted[i]) {
                    merged[out++] = sorted[j++];
                } else {
                    return sorted[i];
                }
            }
            while (i < start + half) {
                merged[out++] = sorted[i++];
            }
            while (j < end) {
                merged[out++] = sorted[j++];
            }
            System.arraycopy(merged, start, sorted, start, 2 * half);
            return -1;
        }
    }

    // Bits are counted from the most significant bit of the first byte, as Zcash's expanded hashes are.
    static boolean sameBits(byte[] bytes, int a, int b, int from, int to) {
        int bit = from;
        while (bit < to) {
            int at = bit >>> 3;
            int end = Math.min(to - (at << 3), 8);
            int mask = (0xff >>> (bit & 7)) & (0xff << (8 - end));
            if (((bytes[a + at] ^ bytes[b + at]) & mask) != 0) {
                return false;
            }
            bit = (at + 1) << 3;
        }
        return true;
    }

    static boolean zeroBits(byte[] bytes, int offset, int from, int to) {
        int bit = from;
        while (bit < to) {
            int at = bit >>> 3;
            int end = Math.min(to - (at << 3), 8);
            int mask = (0xff >>> (bit & 7)) & (0xff << (8 - end));
            if ((bytes[offset + at] & mask) != 0) {
                return false;
            }
            bit = (at + 1) << 3;
        }
        return true;
    }
}
