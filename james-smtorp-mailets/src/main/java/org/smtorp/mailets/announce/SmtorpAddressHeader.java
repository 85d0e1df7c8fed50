/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static java.util.Objects.requireNonNull;

import javax.mail.internet.MimeUtility;

import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpAddress;

/**
 * The {@code SMTorP-Address} header field: the sender's SMTorP address as a bare addr-spec,
 * {@code SMTorP-Address: alice@<fingerprint>.<onion>.onion}. Readers also take it in angle
 * brackets and folded.
 */
public final class SmtorpAddressHeader {
    public static final String NAME = "SMTorP-Address";
    /** As DKIM's {@code h=} tag lists it (names compare without case). */
    static final String DKIM_NAME = "smtorp-address";

    private SmtorpAddressHeader() {
    }

    public static String value(SmtorpAddress address) {
        requireNonNull(address, "address");
        return address.asString();
    }

    /**
     * Parses a field value as it arrived (folded or not, in angle brackets or not). Any
     * string is safe to pass.
     *
     * @throws InvalidAddressException (an {@code IllegalArgumentException}) naming the rule it breaks
     * @throws NullPointerException if {@code value} is null
     */
    public static SmtorpAddress parse(String value) {
        requireNonNull(value, "value");
        String text = MimeUtility.unfold(value).trim();
        if (text.startsWith("<") && text.endsWith(">")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        return SmtorpAddress.parse(text);
    }
}
