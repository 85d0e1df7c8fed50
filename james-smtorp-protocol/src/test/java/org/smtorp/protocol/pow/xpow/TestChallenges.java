/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Fixed challenges for deterministic tests. */
final class TestChallenges {
    private TestChallenges() {
    }

    static Challenge of(String variant) {
        return Challenge.of(Arrays.copyOf(variant.getBytes(StandardCharsets.US_ASCII), Challenge.BYTES));
    }
}
