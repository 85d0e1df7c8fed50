/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Arrays;

/** The prover's varying part of an XPOW proof: 1 to 32 bytes, base64url without padding on the wire. */
public final class Nonce {
    public static final int MAX_BYTES = 32;
    /** The longest wire form: 32 bytes take 43 characters. */
    public static final int MAX_CHARS = 43;

    private final byte[] bytes;

    private Nonce(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Nonce of(byte[] bytes) {
        if (bytes.length < 1 || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("a nonce has 1 to " + MAX_BYTES + " bytes, not " + bytes.length);
        }
        return new Nonce(bytes.clone());
    }

    /** Parses the wire form, strictly; the length check comes before any decoding. */
    public static Nonce parse(String text) {
        if (text.isEmpty() || text.length() > MAX_CHARS) {
            throw new MalformedXpowException("nonce must be 2 to " + MAX_CHARS + " base64url characters (1 to "
                + MAX_BYTES + " bytes), not " + text.length());
        }
        return new Nonce(Base64Url.decode("nonce", text));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    public String asString() {
        return Base64Url.encode(bytes);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Nonce && Arrays.equals(bytes, ((Nonce) o).bytes);
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
