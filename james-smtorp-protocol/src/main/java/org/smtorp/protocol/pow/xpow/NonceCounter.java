/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

/** The nonces an XPOW search tries: try number n is the 8 bytes of n, big-endian. */
final class NonceCounter {
    static final int BYTES = 8;

    private NonceCounter() {
    }

    static void write(long tryNumber, byte[] target, int offset) {
        for (int i = BYTES - 1; i >= 0; i--) {
            target[offset + i] = (byte) tryNumber;
            tryNumber >>>= 8;
        }
    }
}
