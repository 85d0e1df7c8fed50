/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A {@code mailto:} URI (RFC 6068) naming one SMTorP address. Characters of the address
 * outside RFC 6068's unreserved and "some-delims" sets (a quoted local part may hold
 * them) are percent-encoded as UTF-8, so any valid address survives the round trip.
 */
public final class MailtoUri {
    private static final String SCHEME = "mailto:";
    // RFC 6068 section 2: unreserved / some-delims may stand as they are in addr-spec.
    private static final String VERBATIM = "-._~!$'()*+,;:@";

    private final SmtorpAddress address;

    private MailtoUri(SmtorpAddress address) {
        this.address = Objects.requireNonNull(address);
    }

    public static MailtoUri of(SmtorpAddress address) {
        return new MailtoUri(address);
    }

    /** Parses a {@code mailto:} URI holding exactly one SMTorP address and no header fields. */
    public static MailtoUri parse(String text) {
        if (!text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new IllegalArgumentException("'" + text + "' is not a mailto: URI");
        }
        String to = text.substring(SCHEME.length());
        if (to.indexOf('?') >= 0) {
            throw new IllegalArgumentException("mailto: URI with header fields is not a plain SMTorP address: " + text);
        }
        if (to.indexOf(',') >= 0 && !to.contains("\"")) {
            throw new IllegalArgumentException("mailto: URI names several addresses: " + text);
        }
        return new MailtoUri(SmtorpAddress.parse(percentDecode(to)));
    }

    public SmtorpAddress address() {
        return address;
    }

    public String asString() {
        return SCHEME + percentEncode(address.asString());
    }

    private static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || VERBATIM.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("truncated percent-encoding at the end of '" + text + "'");
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("'" + text.substring(i, i + 3) + "' is not a percent-encoded octet");
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof MailtoUri && address.equals(((MailtoUri) o).address);
    }

    @Override
    public final int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return asString();
    }
}
