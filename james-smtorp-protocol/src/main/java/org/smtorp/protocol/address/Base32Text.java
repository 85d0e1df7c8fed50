/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import java.util.Locale;

import org.bouncycastle.util.encoders.Base32;

/**
 * RFC 4648 base32 as onion addresses and fingerprints write it: lower case, no
 * padding. The coding itself is BouncyCastle's; the alphabet check is ours
 * because a decoder only says "invalid", and an operator needs to see which
 * character is wrong.
 */
final class Base32Text {
    private static final char PADDING = '=';

    private Base32Text() {
    }

    static boolean isBase32(char c) {
        char lower = Ascii.toLowerCase(c);
        return (lower >= 'a' && lower <= 'z') || (lower >= '2' && lower <= '7');
    }

    /** The index of the first character of either case outside the alphabet, or -1. */
    static int indexOfNonBase32(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isBase32(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Decodes base32 whose length is a multiple of 8 characters (5 bytes), as a 56-character onion is. */
    static byte[] decode(String base32) {
        return Base32.decode(base32.toUpperCase(Locale.ROOT));
    }

    static String encode(byte[] bytes) {
        String padded = Ascii.toLowerCase(Base32.toBase32String(bytes));
        int end = padded.indexOf(PADDING);
        return end < 0 ? padded : padded.substring(0, end);
    }
}
