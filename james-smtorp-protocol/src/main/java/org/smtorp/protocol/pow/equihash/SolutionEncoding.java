/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import java.util.Optional;

/**
 * Zcash's minimal encoding of a solution (Zcash protocol specification, section
 * "Equihash"; zcash's {@code GetMinimalFromIndices}): the {@code 2^k} indices, each in
 * {@code n/(k+1) + 1} bits, most significant bit first, packed with no padding. For
 * (200,9) that is the 1344 bytes of a Zcash block header's solution.
 */
public final class SolutionEncoding {
    private SolutionEncoding() {
    }

    /**
     * The indices of {@code minimal}, or empty when it is not {@link EquihashParameters#solutionBytes()}
     * long (the only way a minimal encoding can be malformed: every bit pattern is a list of indices).
     */
    public static Optional<int[]> decode(EquihashParameters parameters, byte[] minimal) {
        if (minimal.length != parameters.solutionBytes()) {
            return Optional.empty();
        }
        int bits = parameters.indexBits();
        long mask = (1L << bits) - 1;
        int[] indices = new int[parameters.solutionIndices()];
        long pending = 0;
        int pendingBits = 0;
        int next = 0;
        for (byte b : minimal) {
            pending = (pending << 8) | (b & 0xff);
            pendingBits += 8;
            if (pendingBits >= bits) {
                pendingBits -= bits;
                indices[next++] = (int) ((pending >>> pendingBits) & mask);
                pending &= (1L << pendingBits) - 1;
            }
        }
        return Optional.of(indices);
    }

    /**
     * The minimal encoding of {@code indices}.
     *
     * @throws IllegalArgumentException if there are not {@code 2^k} of them or one does not fit in
     *     {@link EquihashParameters#indexBits()} bits: a solver's bug, not a peer's input
     */
    public static byte[] encode(EquihashParameters parameters, int[] indices) {
        if (indices.length != parameters.solutionIndices()) {
            throw new IllegalArgumentException("an Equihash " + parameters + " solution has "
                + parameters.solutionIndices() + " indices, not " + indices.length);
        }
        int bits = parameters.indexBits();
        int hashCount = parameters.hashCount();
        byte[] minimal = new byte[parameters.solutionBytes()];
        long pending = 0;
        int pendingBits = 0;
        int next = 0;
        for (int index : indices) {
            if (index < 0 || index >= hashCount) {
                throw new IllegalArgumentException("Equihash " + parameters + " index " + index + " outside 0 to "
                    + (hashCount - 1));
            }
            pending = (pending << bits) | index;
            pendingBits += bits;
            while (pendingBits >= 8) {
                pendingBits -= 8;
                minimal[next++] = (byte) (pending >>> pendingBits);
            }
            pending &= (1L << pendingBits) - 1;
        }
        return minimal;
    }
}
