/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.PowAlgorithmContract;

class Sha256AlgorithmTest extends PowAlgorithmContract {
    private final Sha256Algorithm algorithm = new Sha256Algorithm();

    @Override
    protected PowAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    protected byte[] prefix(String variant) {
        return ProofInput.of(algorithm.name(), TestChallenges.of(variant), 1, 1).prefix();
    }
}
