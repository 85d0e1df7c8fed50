/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Arrays;

/**
 * The proof an XPOW command carries, base64url without padding on the wire: for a hash
 * algorithm the nonce the prover varied (1 to 32 bytes); for {@code equihash} that nonce
 * followed by the solution. Each algorithm bounds its length ({@code PowAlgorithm#maxProofBytes}).
 */
public final class Nonce {
    public static final int MAX_BYTES = 160;
    /** The longest wire form: 160 bytes take 214 characters. */
    public static final int MAX_CHARS = 214;

    private final byte[] bytes;

    private Nonce(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Nonce of(byte[] bytes) {
        if (bytes.length < 1 || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("a proof has 1 to " + MAX_BYTES + " bytes, not " + bytes.length);
        }
        return new Nonce(bytes.clone());
    }

    /** Parses the wire form, strictly; the length check comes before any decoding. */
    public static Nonce parse(String text) {
        if (text.isEmpty() || text.length() > MAX_CHARS) {
            throw new MalformedXpowException("proof must be 2 to " + MAX_CHARS + " base64url characters (1 to "
                + MAX_BYTES + " bytes), not " + text.length());
        }
        return new Nonce(Base64Url.decode("proof", text));
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
