/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

/** Counts the leading zero bits of a hash: the measure of work of every algorithm here. */
public final class LeadingZeros {
    private LeadingZeros() {
    }

    /** The number of leading zero bits of {@code hash}, most significant bit of byte 0 first. */
    public static int of(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b != 0) {
                return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
            }
            bits += 8;
        }
        return bits;
    }

    /** Whether {@code hash} starts with at least {@code bits} zero bits; stops at the first non-zero byte. */
    public static boolean atLeast(byte[] hash, int bits) {
        int full = bits >>> 3;
        if (full > hash.length || (full == hash.length && (bits & 7) != 0)) {
            return false;
        }
        for (int i = 0; i < full; i++) {
            if (hash[i] != 0) {
                return false;
            }
        }
        int rest = bits & 7;
        return rest == 0 || (hash[full] & 0xff) >>> (8 - rest) == 0;
    }
}
