/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Base64;
import java.util.regex.Pattern;

/** The XPOW wire encoding of bytes: RFC 4648 base64url without padding, canonical only. */
final class Base64Url {
    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]*");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes {@code text}, refusing padding, other alphabets and non-canonical trailing bits. */
    static byte[] decode(String what, String text) {
        if (!ALPHABET.matcher(text).matches()) {
            throw new MalformedXpowException(what + " \"" + text + "\" is not base64url without padding (A-Z a-z 0-9 - _)");
        }
        if (text.length() % 4 == 1) {
            throw new MalformedXpowException(what + " \"" + text + "\" has an impossible base64url length " + text.length());
        }
        byte[] bytes = DECODER.decode(text);
        // One proof, one spelling: unused low bits of the last character must be zero.
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new MalformedXpowException(what + " \"" + text + "\" is not canonical base64url (unused bits set)");
        }
        return bytes;
    }
}
