/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import org.smtorp.protocol.address.InvalidAddressException.Reason;

/**
 * The domain of an SMTorP address: {@code [<fingerprint>.]<onion>.onion}. Tor
 * ignores the labels in front of an onion, so the whole domain can go to Tor's
 * SOCKS port unchanged; each label fits DNS's 63 characters.
 */
public final class SmtorpDomain {
    private static final int MAX_LABELS = 3;

    private final Optional<Fingerprint> fingerprint;
    private final OnionAddress onion;

    private SmtorpDomain(Optional<Fingerprint> fingerprint, OnionAddress onion) {
        this.fingerprint = fingerprint;
        this.onion = onion;
    }

    public static SmtorpDomain of(OnionAddress onion) {
        return new SmtorpDomain(Optional.empty(), requireNonNull(onion, "onion"));
    }

    public static SmtorpDomain of(Fingerprint fingerprint, OnionAddress onion) {
        return new SmtorpDomain(Optional.of(requireNonNull(fingerprint, "fingerprint")), requireNonNull(onion, "onion"));
    }

    /**
     * Whether a name is under {@code .onion} (RFC 7686), valid onion or not, with or without a
     * final dot: such a name is never looked up in DNS.
     */
    public static boolean isUnderOnion(String domain) {
        requireNonNull(domain, "domain");
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        return Ascii.toLowerCase(name.substring(name.lastIndexOf('.') + 1)).equals(OnionAddress.TLD);
    }

    /**
     * Parses {@code [<fingerprint>.]<onion>.onion}, case-insensitive.
     *
     * @throws InvalidAddressException naming the failed rule
     */
    public static SmtorpDomain parse(String text) {
        requireNonNull(text, "text");
        return parse(text, text);
    }

    static SmtorpDomain parse(String domain, String input) {
        if (domain.isEmpty()) {
            throw new InvalidAddressException(Reason.SYNTAX, "the domain is empty", input);
        }
        if (domain.endsWith(".")) {
            throw new InvalidAddressException(Reason.SYNTAX, "the domain ends with '.'", input);
        }
        String[] labels = domain.split("\\.", -1);
        if (!Ascii.toLowerCase(labels[labels.length - 1]).equals(OnionAddress.TLD)) {
            throw new InvalidAddressException(Reason.NOT_ONION, "not an .onion domain", input);
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new InvalidAddressException(Reason.SYNTAX, "the domain has an empty label", input);
            }
        }
        if (labels.length == 1) {
            throw new InvalidAddressException(Reason.SYNTAX, "no onion address before '.onion'", input);
        }
        if (labels.length > MAX_LABELS) {
            throw new InvalidAddressException(Reason.SYNTAX,
                "the domain has " + labels.length + " labels, at most " + MAX_LABELS
                    + " are allowed: [fingerprint.]onion.onion", input);
        }
        Optional<Fingerprint> fingerprint = labels.length == MAX_LABELS
            ? Optional.of(Fingerprint.parseLabel(labels[0], input))
            : Optional.empty();
        OnionAddress onion = OnionAddress.parseLabel(labels[labels.length - 2], input);
        return new SmtorpDomain(fingerprint, onion);
    }

    public OnionAddress onion() {
        return onion;
    }

    public Optional<Fingerprint> fingerprint() {
        return fingerprint;
    }

    public SmtorpDomain withFingerprint(Fingerprint fingerprint) {
        return of(fingerprint, onion);
    }

    public SmtorpDomain withoutFingerprint() {
        return of(onion);
    }

    /** The canonical lower-case form, {@code [<fingerprint>.]<onion>.onion}. */
    public String asString() {
        return fingerprint.map(f -> f.asString() + ".").orElse("") + onion.asString();
    }

    @Override
    public final boolean equals(Object o) {
        if (o instanceof SmtorpDomain) {
            SmtorpDomain that = (SmtorpDomain) o;
            return fingerprint.equals(that.fingerprint) && onion.equals(that.onion);
        }
        return false;
    }

    @Override
    public final int hashCode() {
        return 31 * fingerprint.hashCode() + onion.hashCode();
    }

    @Override
    public String toString() {
        return "SmtorpDomain{" + asString() + "}";
    }
}
