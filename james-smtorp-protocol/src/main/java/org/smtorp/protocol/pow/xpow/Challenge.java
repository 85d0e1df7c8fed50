/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.security.SecureRandom;
import java.util.Arrays;

/** The per-session XPOW challenge: 128 random bits, base64url without padding on the wire (22 characters). */
public final class Challenge {
    public static final int BYTES = 16;

    private final byte[] bytes;

    private Challenge(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh challenge; give each session its own. */
    public static Challenge random(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new Challenge(bytes);
    }

    public static Challenge of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a challenge has " + BYTES + " bytes, not " + bytes.length);
        }
        return new Challenge(bytes.clone());
    }

    /** Parses the wire form, strictly. */
    public static Challenge parse(String text) {
        if (text.length() != 22) {
            throw new MalformedXpowException("challenge \"" + text + "\" must be 22 base64url characters (128 bits), not "
                + text.length());
        }
        return new Challenge(Base64Url.decode("challenge", text));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    void copyInto(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, BYTES);
    }

    public String asString() {
        return Base64Url.encode(bytes);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Challenge && Arrays.equals(bytes, ((Challenge) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return asString();
    }
}
