/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

/**
 * ASCII-only case folding and character names. {@link String#toLowerCase()}
 * depends on the locale and folds non-ASCII letters (U+0130 becomes 'i'), which
 * would let look-alike domains through.
 */
final class Ascii {
    private Ascii() {
    }

    static char toLowerCase(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    static String toLowerCase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            out.append(toLowerCase(text.charAt(i)));
        }
        return out.toString();
    }

    /** {@code '1'} for a printable ASCII character, {@code U+00E9} for anything else. */
    static String describe(int codePoint) {
        if (codePoint > 0x20 && codePoint < 0x7f) {
            return "'" + (char) codePoint + "'";
        }
        return String.format("U+%04X", codePoint);
    }
}
