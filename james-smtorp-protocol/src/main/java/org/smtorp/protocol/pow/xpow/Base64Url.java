/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Arrays;
import java.util.Base64;

/** The XPOW wire encoding of bytes: RFC 4648 base64url without padding, canonical only. */
final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // Each ASCII character's 6-bit value, -1 outside the alphabet; never written after this. A look-up per
    // character: comparing ranges cost a mispredicted branch or two per character of a random proof, 1 us
    // for an equihash proof of 102 characters, half the budget of a garbage refusal.
    private static final byte[] VALUES = values();

    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** The characters {@code bytes} bytes take, without padding. */
    static int encodedLength(int bytes) {
        return (bytes * 4 + 2) / 3;
    }

    /** Decodes {@code text}, refusing padding, other alphabets and non-canonical trailing bits. */
    static byte[] decode(String what, String text) {
        if (!inAlphabet(text)) {
            throw new MalformedXpowException(what + " \"" + text + "\" is not base64url without padding (A-Z a-z 0-9 - _)");
        }
        if (text.length() % 4 == 1) {
            throw new MalformedXpowException(what + " \"" + text + "\" has an impossible base64url length " + text.length());
        }
        // One proof, one spelling: the unused low bits of the last character must be zero.
        int unusedBits = text.length() % 4 == 2 ? 4 : text.length() % 4 == 3 ? 2 : 0;
        if (!text.isEmpty() && (value(text.charAt(text.length() - 1)) & ((1 << unusedBits) - 1)) != 0) {
            throw new MalformedXpowException(what + " \"" + text + "\" is not canonical base64url (unused bits set)");
        }
        return DECODER.decode(text);
    }

    private static boolean inAlphabet(String text) {
        int values = 0;
        for (int i = 0; i < text.length(); i++) {
            values |= value(text.charAt(i));
        }
        return values >= 0;
    }

    private static int value(char c) {
        return c < VALUES.length ? VALUES[c] : -1;
    }

    private static byte[] values() {
        byte[] values = new byte[128];
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            values[ALPHABET.charAt(i)] = (byte) i;
        }
        return values;
    }
}
