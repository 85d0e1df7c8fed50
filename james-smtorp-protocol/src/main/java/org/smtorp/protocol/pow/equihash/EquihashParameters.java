/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

/**
 * The parameters (n, k) of Equihash (Biryukov and Khovratovich, NDSS 2016; the
 * Zcash protocol specification, section "Equihash"): a solution is {@code 2^k}
 * indices of {@code n}-bit hashes whose XOR is zero, colliding on {@code n/(k+1)}
 * bits at each of the {@code k} levels of the tree they form. Immutable.
 */
public final class EquihashParameters {
    private final int n;
    private final int k;

    private EquihashParameters(int n, int k) {
        this.n = n;
        this.k = k;
    }

    /**
     * Parameters as Zcash allows them: {@code n} a multiple of 8 and of {@code k + 1},
     * {@code 3 <= k < n} (below 3 the {@code 2^k} indices do not fill whole bytes of the
     * minimal encoding, so librustzcash refuses them), and indices of at most 31 bits.
     * Tighter limits ({@code n <= 512}, {@code k <= 9}) keep a solution and its tree small.
     */
    public static EquihashParameters of(int n, int k) {
        if (n < 8 || n > 512 || n % 8 != 0) {
            throw new IllegalArgumentException("Equihash n must be a multiple of 8 from 8 to 512, not " + n);
        }
        if (k < 3 || k > 9 || k >= n) {
            throw new IllegalArgumentException("Equihash k must be from 3 to 9 and below n, not " + k);
        }
        if (n % (k + 1) != 0) {
            throw new IllegalArgumentException("Equihash n must be a multiple of k + 1: n=" + n + ", k=" + k);
        }
        if (n / (k + 1) + 1 > 31) {
            throw new IllegalArgumentException("Equihash n / (k + 1) must be at most 30 (indices of 31 bits): n="
                + n + ", k=" + k);
        }
        return new EquihashParameters(n, k);
    }

    public int n() {
        return n;
    }

    public int k() {
        return k;
    }

    /** The bits two hashes must share at each level: {@code n / (k + 1)}. */
    public int collisionBits() {
        return n / (k + 1);
    }

    /** The bits of one index: {@code n / (k + 1) + 1}. */
    public int indexBits() {
        return collisionBits() + 1;
    }

    /** How many hashes there are to choose from: {@code 2^indexBits}. */
    public int hashCount() {
        return 1 << indexBits();
    }

    /** The indices of a solution: {@code 2^k}. */
    public int solutionIndices() {
        return 1 << k;
    }

    /** The bytes of a solution in the minimal encoding: {@code 2^k * indexBits / 8}. */
    public int solutionBytes() {
        return solutionIndices() * indexBits() / 8;
    }

    /** The bytes of one hash: {@code n / 8}. */
    public int hashBytes() {
        return n / 8;
    }

    /** How many hashes one BLAKE2b output holds: {@code 512 / n}. */
    public int hashesPerBlake2b() {
        return 512 / n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EquihashParameters && ((EquihashParameters) o).n == n && ((EquihashParameters) o).k == k;
    }

    @Override
    public int hashCode() {
        return 31 * n + k;
    }

    /** {@code (n,k)}, as the literature writes them. */
    @Override
    public String toString() {
        return "(" + n + "," + k + ")";
    }
}
