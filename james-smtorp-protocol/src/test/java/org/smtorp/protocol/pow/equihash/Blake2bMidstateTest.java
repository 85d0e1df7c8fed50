/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

class Blake2bMidstateTest {
    private static final byte[] PERSONALIZATION = "SMTorPoW\u0060\0\0\0\5\0\0\0".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1);

    /** Every input length up to three blocks, across the one- and two-block tails, against BouncyCastle. */
    @Test
    void digestShouldEqualBouncyCastlesForEveryInputLengthAndCounter() {
        Random random = new Random(15);
        for (int length = 0; length <= 3 * 128 + 8; length++) {
            byte[] input = new byte[length + 3];
            random.nextBytes(input);
            for (int digestBytes : new int[] {60, 64, 1}) {
                Blake2bMidstate midstate = new Blake2bMidstate(digestBytes, PERSONALIZATION, input, 3, length);
                for (int counter : new int[] {0, 1, 255, 256, 0x12345678, -1}) {
                    byte[] ours = new byte[digestBytes];
                    midstate.digest(counter, ours);

                    assertThat(ours).as("length %d, digest %d, counter %d", length, digestBytes, counter)
                        .isEqualTo(bouncyCastle(digestBytes, input, 3, length, counter));
                }
            }
        }
    }

    private static byte[] bouncyCastle(int digestBytes, byte[] input, int offset, int length, int counter) {
        Blake2bDigest digest = new Blake2bDigest(null, digestBytes, null, PERSONALIZATION);
        digest.update(input, offset, length);
        digest.update(new byte[] {(byte) counter, (byte) (counter >>> 8), (byte) (counter >>> 16),
            (byte) (counter >>> 24)}, 0, 4);
        byte[] out = new byte[digestBytes];
        digest.doFinal(out, 0);
        return out;
    }
}
