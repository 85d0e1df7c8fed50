/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static java.util.Objects.requireNonNull;

import org.smtorp.protocol.address.InvalidAddressException.Reason;

/**
 * An SMTorP mailbox: {@code <local part>@[<fingerprint>.]<onion>.onion}. The
 * local part follows RFC 5321 and keeps its case; the domain is lower case.
 * Two addresses are equal when their canonical forms are: {@code "bob"@x.onion}
 * is {@code bob@x.onion}.
 */
public final class SmtorpAddress {
    private static final char AT = '@';

    private final String localPart;
    private final SmtorpDomain domain;

    private SmtorpAddress(String localPart, SmtorpDomain domain) {
        this.localPart = localPart;
        this.domain = domain;
    }

    /**
     * @param localPart as written in an address: a dot-string or a quoted string
     * @throws InvalidAddressException if the local part breaks RFC 5321
     */
    public static SmtorpAddress of(String localPart, SmtorpDomain domain) {
        requireNonNull(localPart, "localPart");
        requireNonNull(domain, "domain");
        return new SmtorpAddress(LocalPart.canonical(localPart, localPart), domain);
    }

    /**
     * Parses {@code local@[fingerprint.]onion.onion}.
     *
     * @throws InvalidAddressException naming the failed rule
     */
    public static SmtorpAddress parse(String text) {
        requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidAddressException(Reason.SYNTAX, "the address is empty", text);
        }
        // A quoted local part may hold '@'; a domain never does.
        int at = text.lastIndexOf(AT);
        if (at < 0) {
            throw new InvalidAddressException(Reason.SYNTAX, "the address has no '@'", text);
        }
        String localPart = LocalPart.canonical(text.substring(0, at), text);
        return new SmtorpAddress(localPart, SmtorpDomain.parse(text.substring(at + 1), text));
    }

    /** The canonical local part: a dot-string, or a quoted string when it must be. */
    public String localPart() {
        return localPart;
    }

    public SmtorpDomain domain() {
        return domain;
    }

    public OnionAddress onion() {
        return domain.onion();
    }

    public SmtorpAddress withDomain(SmtorpDomain domain) {
        return new SmtorpAddress(localPart, requireNonNull(domain, "domain"));
    }

    /** The canonical form: canonical local part, '@', lower-case domain. */
    public String asString() {
        return localPart + AT + domain.asString();
    }

    @Override
    public final boolean equals(Object o) {
        if (o instanceof SmtorpAddress) {
            SmtorpAddress that = (SmtorpAddress) o;
            return localPart.equals(that.localPart) && domain.equals(that.domain);
        }
        return false;
    }

    @Override
    public final int hashCode() {
        return 31 * localPart.hashCode() + domain.hashCode();
    }

    @Override
    public String toString() {
        return "SmtorpAddress{" + asString() + "}";
    }
}
