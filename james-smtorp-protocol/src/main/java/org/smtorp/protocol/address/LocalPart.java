/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.smtorp.protocol.address.InvalidAddressException.Reason;

/**
 * RFC 5321 section 4.1.2 local parts: {@code Dot-string / Quoted-string}, at
 * most 64 octets (4.5.3.1.1), ASCII only (no SMTPUTF8).
 *
 * <p>The canonical form is the simplest spelling of the same mailbox: a
 * dot-string when the value is one ({@code "john"} is {@code john}), else a
 * quoted string that escapes only {@code "} and {@code \}. Case is kept: RFC
 * 5321 leaves local parts case-sensitive.
 */
public final class LocalPart {
    private static final int MAX_OCTETS = 64;
    private static final char QUOTE = '"';
    private static final char BACKSLASH = '\\';
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private LocalPart() {
    }

    /** The canonical spelling of a local part as written in an address. */
    static String canonical(String written, String input) {
        if (written.isEmpty()) {
            throw new InvalidAddressException(Reason.LOCAL_PART, "the local part is empty", input);
        }
        int octets = written.getBytes(UTF_8).length;
        if (octets > MAX_OCTETS) {
            throw new InvalidAddressException(Reason.LOCAL_PART,
                "the local part has " + octets + " octets, at most " + MAX_OCTETS + " are allowed", input);
        }
        for (int i = 0; i < written.length(); i++) {
            if (written.charAt(i) > 0x7f) {
                throw new InvalidAddressException(Reason.LOCAL_PART,
                    Ascii.describe(written.codePointAt(i)) + " is not ASCII (SMTPUTF8 local parts are not supported)",
                    input);
            }
        }
        String value = written.charAt(0) == QUOTE ? unquote(written, input) : checkDotString(written, input);
        return isDotString(value) ? value : quote(value);
    }

    private static String checkDotString(String text, String input) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && !isAtext(c)) {
                throw new InvalidAddressException(Reason.LOCAL_PART,
                    Ascii.describe(c) + " is not allowed in an unquoted local part", input);
            }
        }
        if (text.startsWith(".")) {
            throw new InvalidAddressException(Reason.LOCAL_PART, "the local part starts with '.'", input);
        }
        if (text.endsWith(".")) {
            throw new InvalidAddressException(Reason.LOCAL_PART, "the local part ends with '.'", input);
        }
        if (text.contains("..")) {
            throw new InvalidAddressException(Reason.LOCAL_PART, "the local part has '..'", input);
        }
        return text;
    }

    // Quoted-string = DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE
    private static String unquote(String text, String input) {
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == QUOTE) {
                if (i != text.length() - 1) {
                    throw new InvalidAddressException(Reason.LOCAL_PART,
                        "characters follow the closing quote of the local part", input);
                }
                return value.toString();
            }
            if (c == BACKSLASH) {
                i++;
                if (i == text.length()) {
                    break;
                }
                char escaped = text.charAt(i);
                if (!isPrintable(escaped)) {
                    throw new InvalidAddressException(Reason.LOCAL_PART,
                        Ascii.describe(escaped) + " can not be escaped in a quoted local part", input);
                }
                value.append(escaped);
            } else if (isPrintable(c)) {
                value.append(c);
            } else {
                throw new InvalidAddressException(Reason.LOCAL_PART,
                    Ascii.describe(c) + " is not allowed in a quoted local part", input);
            }
        }
        throw new InvalidAddressException(Reason.LOCAL_PART, "the quoted local part has no closing quote", input);
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append(QUOTE);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == QUOTE || c == BACKSLASH) {
                out.append(BACKSLASH);
            }
            out.append(c);
        }
        return out.append(QUOTE).toString();
    }

    /** Whether {@code value} is an RFC 5321 Dot-string: atoms of atext joined by single dots. */
    public static boolean isDotString(String value) {
        if (value.isEmpty() || value.startsWith(".") || value.endsWith(".") || value.contains("..")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '.' && !isAtext(c)) {
                return false;
            }
        }
        return true;
    }

    // RFC 5322 atext, which RFC 5321 uses for Atom.
    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    // %d32-126: what qtextSMTP allows besides '"' and '\', and what quoted-pairSMTP may escape.
    private static boolean isPrintable(char c) {
        return c >= 0x20 && c <= 0x7e;
    }
}
