/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

/**
 * Input from the network as error messages quote it: one line, printable ASCII, bounded;
 * anything else escaped, so a log line can neither be forged nor flooded.
 */
public final class QuotedInput {
    private QuotedInput() {
    }

    /** {@code input} with non-printable characters as {@code \\uXXXX}, cut after {@code max} characters. */
    public static String of(String input, int max) {
        StringBuilder out = new StringBuilder();
        int end = Math.min(input.length(), max);
        for (int i = 0; i < end; i++) {
            char c = input.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (input.length() > max) {
            out.append("...");
        }
        return out.toString();
    }
}
