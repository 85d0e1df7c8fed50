/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Objects;

import org.smtorp.protocol.pow.PowAlgorithm;

/**
 * The algorithm a sender picked from an offer, with the bits each proof needs
 * and the estimated single-core time of all proofs of the transaction.
 */
public final class AlgorithmChoice {
    private final String algorithm;
    private final PowAlgorithm.Binding binding;
    private final int bits;
    private final int proofs;
    private final double estimatedNanos;

    private AlgorithmChoice(String algorithm, PowAlgorithm.Binding binding, int bits, int proofs, double estimatedNanos) {
        this.algorithm = algorithm;
        this.binding = binding;
        this.bits = bits;
        this.proofs = proofs;
        this.estimatedNanos = estimatedNanos;
    }

    static AlgorithmChoice of(PowAlgorithm algorithm, int bits, int proofs) {
        return new AlgorithmChoice(algorithm.name(), algorithm.binding(), bits, proofs,
            proofs * algorithm.expectedNanos(bits));
    }

    public String algorithm() {
        return algorithm;
    }

    /** CHALLENGE: one XPOW proof; RESOURCE: one X-Hashcash stamp per recipient. */
    public PowAlgorithm.Binding binding() {
        return binding;
    }

    /** The bits each proof needs, recipient scaling included. */
    public int bits() {
        return bits;
    }

    /** How many proofs: 1 for XPOW, one stamp per recipient for hashcash. */
    public int proofs() {
        return proofs;
    }

    /** The estimated single-core time of all proofs, in nanoseconds. */
    public double estimatedNanos() {
        return estimatedNanos;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof AlgorithmChoice)) {
            return false;
        }
        AlgorithmChoice that = (AlgorithmChoice) o;
        return algorithm.equals(that.algorithm) && binding == that.binding && bits == that.bits
            && proofs == that.proofs && Double.compare(estimatedNanos, that.estimatedNanos) == 0;
    }

    @Override
    public final int hashCode() {
        return Objects.hash(algorithm, binding, bits, proofs, estimatedNanos);
    }

    @Override
    public String toString() {
        return proofs + " x " + algorithm + " at " + bits + " bits, about "
            + Math.round(estimatedNanos / 1e6) + " ms on one core";
    }
}
