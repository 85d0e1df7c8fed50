/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.pow.LeadingZeros;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.equihash.EquihashVerifier;

class EquihashAlgorithmTest {
    private final EquihashAlgorithm algorithm = new EquihashAlgorithm();
    private final byte[] prefix = ProofInput.of("equihash", TestChallenges.of("equihash"), 1, 1).prefix();

    private byte[] solve(int bits) {
        return algorithm.search(prefix, bits).run(0, 1000).orElseThrow();
    }

    @Test
    void aProofShouldBeANonceThenASolutionForPrefixAndNonceThatMeetsTheBits() throws Exception {
        byte[] proof = solve(4);

        assertThat(proof).hasSize(8 + 68);
        byte[] input = Arrays.copyOf(prefix, prefix.length + 8);
        System.arraycopy(proof, 0, input, prefix.length, 8);
        assertThat(EquihashVerifier.create().verify(EquihashAlgorithm.PARAMETERS, "SMTorPoW", input,
            Arrays.copyOfRange(proof, 8, proof.length)).isValid()).isTrue();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(prefix);
        assertThat(LeadingZeros.of(sha256.digest(proof))).isGreaterThanOrEqualTo(4);
        assertThat(algorithm.check(prefix, proof, 4)).isEqualTo(PowAlgorithm.Check.PASSED);
    }

    @Test
    void checkShouldRefuseAProofForAnotherPrefix() {
        byte[] proof = solve(1);
        byte[] other = ProofInput.of("equihash", TestChallenges.of("equihash"), 2, 1).prefix();

        // Either the cheap condition fails, or the solution does not collide for the other input.
        assertThat(algorithm.check(other, proof, 1).outcome())
            .isIn(PowAlgorithm.Check.Outcome.INSUFFICIENT, PowAlgorithm.Check.Outcome.INVALID);
        assertThat(algorithm.check(other, proof, 1).passed()).isFalse();
    }

    @Test
    void checkShouldRefuseAProofOfTheWrongLengthAsInvalid() {
        PowAlgorithm.Check check = algorithm.check(prefix, new byte[75], 1);

        assertThat(check.outcome()).isEqualTo(PowAlgorithm.Check.Outcome.INVALID);
        assertThat(check.why()).isEqualTo("a proof is 76 bytes, not 75");
    }

    @Test
    void checkShouldRefuseGarbageByTheCheapConditionFirst() {
        // 2^-20 odds for garbage to meet 20 bits: refused as not enough work, the Equihash checks never run.
        assertThat(algorithm.check(prefix, new byte[76], 20)).isEqualTo(PowAlgorithm.Check.INSUFFICIENT);
    }

    @Test
    void expectedTriesShouldCountWagnerRunsOfAboutTwoSolutions() {
        assertThat(algorithm.expectedTries(7)).isEqualTo(128 / 1.9);
        assertThat(algorithm.expectedTries(0)).isEqualTo(1);
        assertThat(algorithm.asymmetric()).isTrue();
    }

    @Test
    void aSearchShouldStopWhenItsThreadIsInterrupted() throws Exception {
        AtomicReference<Optional<byte[]>> result = new AtomicReference<>();
        Thread searcher = new Thread(() -> result.set(algorithm.search(prefix, 200).run(0, Long.MAX_VALUE)));
        searcher.start();
        Thread.sleep(100);
        searcher.interrupt();
        // A Wagner run takes tens of milliseconds and polls for the interrupt as it goes.
        searcher.join(TimeUnit.SECONDS.toMillis(5));

        assertThat(searcher.isAlive()).isFalse();
        assertThat(result.get()).isEmpty();
    }
}
