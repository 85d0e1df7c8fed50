/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.smtorp.protocol.pow.DigestPrototype;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.Search;
import org.smtorp.protocol.pow.equihash.EquihashCheck;
import org.smtorp.protocol.pow.equihash.EquihashParameters;
import org.smtorp.protocol.pow.equihash.EquihashSolver;
import org.smtorp.protocol.pow.equihash.EquihashVerifier;
import org.smtorp.protocol.pow.equihash.SolutionEncoding;
import org.smtorp.protocol.pow.equihash.SpareSolvers;

/**
 * {@code equihash}, the preferred algorithm: asymmetric and memory-hard. The proof is a
 * nonce followed by an Equihash solution (minimal encoding) for the input
 * {@code prefix | nonce}; finding one takes a Wagner run over {@code 2^(n/(k+1)+1)}
 * hashes held in memory, checking it takes {@code 2^k} BLAKE2b. The difficulty in bits
 * (and its growth with recipients) is a cheap second condition, as Tor's Equi-X effort:
 * SHA-256(prefix | proof) must have that many leading zero bits, so a sender needs
 * about {@code 2^bits / solutions per run} Wagner runs.
 *
 * <p>The SHA-256 condition is checked first: a garbage proof costs the server one SHA-256,
 * and a proof that passes it but not the Equihash checks cost its sender {@code 2^bits} of them.
 */
final class EquihashAlgorithm implements PowAlgorithm {
    static final String NAME = "equihash";
    /** Changing these makes a new algorithm name (docs/xpow.md). */
    static final EquihashParameters PARAMETERS = EquihashParameters.of(96, 5);
    /** The BLAKE2b personalization tag: no Equihash hash of anyone else's is ours. */
    static final String TAG = "SMTorPoW";
    /** The nonce the prover varies before the solution: 8 bytes, the try number. */
    static final int NONCE_BYTES = NonceCounter.BYTES;
    /** Measured on the reference machine, see docs/xpow.md: one Wagner run on one core. */
    private static final double NANOS_PER_RUN = 25_000_000;
    /** Solutions per Wagner run, a mean measured over many runs (docs/xpow.md). */
    private static final double SOLUTIONS_PER_RUN = 1.9;

    private final DigestPrototype sha256 = DigestPrototype.of("SHA-256");
    private final EquihashVerifier verifier = EquihashVerifier.create();
    // One solver's tables per solving thread, reused proof after proof.
    private final SpareSolvers spareSolvers = SpareSolvers.upTo(Runtime.getRuntime().availableProcessors());

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

    /** A try is a Wagner run, which yields about {@link #SOLUTIONS_PER_RUN} solutions. */
    @Override
    public double expectedTries(int bits) {
        return Math.max(1, Math.pow(2, bits) / SOLUTIONS_PER_RUN);
    }

    @Override
    public double nanosPerTry() {
        return NANOS_PER_RUN;
    }

    @Override
    public boolean asymmetric() {
        return true;
    }

    @Override
    public int minProofBytes() {
        return NONCE_BYTES + PARAMETERS.solutionBytes();
    }

    @Override
    public int maxProofBytes() {
        return minProofBytes();
    }

    @Override
    public Check check(byte[] prefix, byte[] proof, int bits) {
        if (proof.length != minProofBytes()) {
            return Check.invalid("a proof is " + minProofBytes() + " bytes, not " + proof.length);
        }
        if (!sha256.reaches(prefix, proof, bits)) {
            return Check.INSUFFICIENT;
        }
        byte[] input = Arrays.copyOf(prefix, prefix.length + NONCE_BYTES);
        System.arraycopy(proof, 0, input, prefix.length, NONCE_BYTES);
        EquihashCheck check = verifier.verify(PARAMETERS, TAG, input, Arrays.copyOfRange(proof, NONCE_BYTES,
            proof.length));
        return check.isValid() ? Check.PASSED : Check.invalid(check.message());
    }

    @Override
    public Search search(byte[] prefix, int bits) {
        return new EquihashSearch(prefix, bits);
    }

    @Override
    public String toString() {
        return NAME;
    }

    /** One thread's search: a Wagner run per try number, its solutions then held to the bits. */
    private final class EquihashSearch implements Search {
        private final byte[] input;
        private final int prefixLength;
        private final int bits;
        private final EquihashSolver solver = spareSolvers.borrow();
        private final byte[] prefix;

        EquihashSearch(byte[] prefix, int bits) {
            this.input = Arrays.copyOf(prefix, prefix.length + NONCE_BYTES);
            this.prefixLength = prefix.length;
            this.prefix = prefix.clone();
            this.bits = bits;
        }

        @Override
        public Optional<byte[]> run(long first, long count) {
            for (long n = first; n < first + count; n++) {
                NonceCounter.write(n, input, prefixLength);
                List<int[]> solutions;
                try {
                    // The Solver interrupts its threads once the search is over: a run stops within milliseconds.
                    solutions = solver.solve(PARAMETERS, TAG, input, Thread.currentThread()::isInterrupted);
                } catch (CancellationException stopped) {
                    return Optional.empty();
                }
                for (int[] solution : solutions) {
                    byte[] proof = Arrays.copyOfRange(input, prefixLength, prefixLength + NONCE_BYTES
                        + PARAMETERS.solutionBytes());
                    byte[] encoded = SolutionEncoding.encode(PARAMETERS, solution);
                    System.arraycopy(encoded, 0, proof, NONCE_BYTES, encoded.length);
                    if (sha256.reaches(prefix, proof, bits)) {
                        return Optional.of(proof);
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public void close() {
            spareSolvers.giveBack(solver);
        }
    }
}
