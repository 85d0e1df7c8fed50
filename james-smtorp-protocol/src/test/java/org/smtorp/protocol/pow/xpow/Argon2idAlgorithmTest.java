/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.PowAlgorithmContract;

class Argon2idAlgorithmTest extends PowAlgorithmContract {
    private final AtomicInteger argon2Runs = new AtomicInteger();
    private final Argon2Function real = Argon2Function.bouncyCastle();
    private final Argon2idAlgorithm algorithm = new Argon2idAlgorithm((message, output) -> {
        argon2Runs.incrementAndGet();
        real.hash(message, output);
    });

    @Override
    protected PowAlgorithm algorithm() {
        return algorithm;
    }

    /** The gate's 18 bits of SHA-256 come on top. */
    @Override
    protected int bits() {
        return 1;
    }

    @Override
    protected byte[] prefix(String variant) {
        return ProofInput.of(algorithm.name(), TestChallenges.of(variant), 1, 1).prefix();
    }

    @Test
    void checkShouldNotRunArgon2WhenTheGateRefuses() {
        byte[] prefix = prefix("a");
        int refused = 0;
        for (int i = 0; i < 200; i++) {
            if (algorithm.check(prefix, new byte[] {(byte) i, 1}, 1) == PowAlgorithm.Check.GATE_REFUSED) {
                refused++;
            }
        }
        assertThat(refused).isEqualTo(200);
        assertThat(argon2Runs).hasValue(0);
    }

    @Test
    void searchShouldRunArgon2OnlyOnGatePasses() {
        byte[] prefix = prefix("a");
        long tries = 1L << (Argon2idAlgorithm.GATE_BITS + 2);
        algorithm.search(prefix, 256).run(0, tries);
        // About tries / 2^GATE_BITS = 4 gate passes; far fewer than tries.
        assertThat(argon2Runs.get()).isBetween(0, 20);
    }

    @Test
    void checkShouldRunArgon2OnceForAGatePass() {
        byte[] prefix = prefix("a");
        byte[] nonce = algorithm.search(prefix, 1).run(0, 1L << 30).orElseThrow();
        argon2Runs.set(0);
        assertThat(algorithm.check(prefix, nonce, 1)).isEqualTo(PowAlgorithm.Check.PASSED);
        assertThat(argon2Runs).hasValue(1);
    }
}
