/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

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
 * librustzcash's order, so each of its invalid vectors gets the reason it names.
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
        for (int position = 0; position < indices.length; position++) {
            if (indices[position] < 0 || indices[position] >= parameters.hashCount()) {
                return EquihashCheck.refused(EquihashCheck.Kind.INDEX_OUT_OF_RANGE, "index " + indices[position]
                    + " at position " + position + " is outside 0 to " + (parameters.hashCount() - 1));
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
        // left[level] and right[level]: the XORs of the two children of the node being joined at that level.
        private final byte[][] left;
        private final byte[][] right;
        // Each finished subtree's indices, sorted in place (merge sort as the walk goes): distinctness in one pass.
        private final int[] sorted;
        private final int[] merged;
        private EquihashCheck refusal;

        TreeWalk(EquihashParameters parameters, int[] indices, EquihashHashes hashes) {
            this.parameters = parameters;
            this.indices = indices;
            this.hashes = hashes;
            this.collisionBits = parameters.collisionBits();
            this.left = new byte[parameters.k() + 1][parameters.hashBytes()];
            this.right = new byte[parameters.k() + 1][parameters.hashBytes()];
            this.sorted = new int[indices.length];
            this.merged = new int[indices.length];
        }

        EquihashCheck check() {
            byte[] root = new byte[parameters.hashBytes()];
            if (!join(parameters.k(), 0, root)) {
                return refusal;
            }
            if (!zeroBits(root, parameters.k() * collisionBits, parameters.n())) {
                return EquihashCheck.refused(EquihashCheck.Kind.NON_ZERO_ROOT, "the XOR of all "
                    + indices.length + " hashes is not zero in its last " + collisionBits + " bits");
            }
            return EquihashCheck.valid();
        }

        // Writes the XOR of the subtree of height level starting at position start into xor, or records a refusal.
        private boolean join(int level, int start, byte[] xor) {
            if (level == 0) {
                hashes.hash(indices[start], xor, 0);
                sorted[start] = indices[start];
                return true;
            }
            int half = 1 << (level - 1);
            byte[] a = left[level];
            byte[] b = right[level];
            if (!join(level - 1, start, a) || !join(level - 1, start + half, b)) {
                return false;
            }
            if (!sameBits(a, b, (level - 1) * collisionBits, level * collisionBits)) {
                return refuse(EquihashCheck.Kind.COLLISION, level, start, half, "the hashes differ in bits "
                    + (level - 1) * collisionBits + " to " + (level * collisionBits - 1));
            }
            if (indices[start + half] < indices[start]) {
                return refuse(EquihashCheck.Kind.OUT_OF_ORDER, level, start, half, "the right one starts with index "
                    + indices[start + half] + ", below the left one's " + indices[start]);
            }
            int duplicate = mergeSorted(start, half);
            if (duplicate >= 0) {
                return refuse(EquihashCheck.Kind.DUPLICATE_INDICES, level, start, half, "both hold index "
                    + duplicate);
            }
            for (int i = 0; i < xor.length; i++) {
                xor[i] = (byte) (a[i] ^ b[i]);
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
        // both, or -1.
        private int mergeSorted(int start, int half) {
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
    static boolean sameBits(byte[] a, byte[] b, int from, int to) {
        int bit = from;
        while (bit < to) {
            int at = bit >>> 3;
            int end = Math.min(to - (at << 3), 8);
            int mask = (0xff >>> (bit & 7)) & (0xff << (8 - end));
            if (((a[at] ^ b[at]) & mask) != 0) {
                return false;
            }
            bit = (at + 1) << 3;
        }
        return true;
    }

    static boolean zeroBits(byte[] a, int from, int to) {
        int bit = from;
        while (bit < to) {
            int at = bit >>> 3;
            int end = Math.min(to - (at << 3), 8);
            int mask = (0xff >>> (bit & 7)) & (0xff << (8 - end));
            if ((a[at] & mask) != 0) {
                return false;
            }
            bit = (at + 1) << 3;
        }
        return true;
    }
}
