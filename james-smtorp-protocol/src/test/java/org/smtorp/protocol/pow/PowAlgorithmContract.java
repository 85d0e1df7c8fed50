/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PowAlgorithm} passes. Searches run from fixed try
 * numbers over fixed prefixes, so each assertion is deterministic.
 */
public abstract class PowAlgorithmContract {
    protected abstract PowAlgorithm algorithm();

    /** A difficulty the algorithm reaches in well under a second. */
    protected int bits() {
        return 6;
    }

    /** A prefix as the algorithm's callers build them. */
    protected abstract byte[] prefix(String variant);

    private byte[] solve(byte[] prefix, int bits) {
        Optional<byte[]> nonce = algorithm().search(prefix, bits).run(0, 1L << 30);
        assertThat(nonce).as("a nonce within 2^30 tries").isPresent();
        return nonce.get();
    }

    @Test
    void nameShouldBeAWireToken() {
        assertThat(algorithm().name()).matches("[a-z0-9][a-z0-9-]{0,31}");
    }

    @Test
    void checkShouldPassTheNonceTheSearchFound() {
        byte[] prefix = prefix("a");
        assertThat(algorithm().check(prefix, solve(prefix, bits()), bits())).isEqualTo(PowAlgorithm.Check.PASSED);
    }

    @Test
    void checkShouldRefuseTheNonceForAnotherPrefix() {
        byte[] nonce = solve(prefix("a"), bits());
        assertThat(algorithm().check(prefix("b"), nonce, bits()).passed()).isFalse();
    }

    @Test
    void checkShouldRefuseANonceBelowTheDifficulty() {
        byte[] prefix = prefix("a");
        assertThat(algorithm().check(prefix, solve(prefix, bits()), algorithm().maxBits()).passed()).isFalse();
    }

    @Test
    void checkShouldRefuseGarbage() {
        byte[] garbage = "garbage-nonce".getBytes(StandardCharsets.US_ASCII);
        assertThat(algorithm().check(prefix("a"), garbage, 20).passed()).isFalse();
    }

    @Test
    void searchesOfDisjointRangesShouldFindDifferentNonces() {
        byte[] prefix = prefix("a");
        byte[] first = algorithm().search(prefix, bits()).run(0, 1L << 30).orElseThrow();
        byte[] second = algorithm().search(prefix, bits()).run(Long.MAX_VALUE / 2, 1L << 30).orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(algorithm().check(prefix, second, bits())).isEqualTo(PowAlgorithm.Check.PASSED);
    }

    @Test
    void searchShouldReturnNothingWhenTheRangeHoldsNoSolution() {
        assertThat(algorithm().search(prefix("a"), algorithm().maxBits()).run(0, 16)).isEmpty();
    }

    @Test
    void expectedTriesShouldDoublePerBit() {
        assertThat(algorithm().expectedTries(bits() + 1)).isEqualTo(2 * algorithm().expectedTries(bits()));
        assertThat(algorithm().expectedTries(0)).isGreaterThanOrEqualTo(1);
        assertThat(algorithm().nanosPerTry()).isPositive();
    }

    @Test
    void maxBitsShouldBeTheOutputSize() {
        assertThat(algorithm().maxBits()).isBetween(128, 512);
    }
}
