/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.OnionAddress;

/**
 * What an accepted {@code XONION} proof established: the client holds the TLS key with this
 * full fingerprint and claims this onion. Whether the onion really serves that key is a
 * separate check (through tor): the proof alone does not bind the key to the onion.
 * Carried on a mail as the attribute {@value #ATTRIBUTE}, {@code <onion> <fingerprint>}.
 */
public final class ProvedSender {
    /** The mail attribute: a plain string, so mailets and WebAdmin read it without a codec. */
    public static final String ATTRIBUTE = "smtorp.sender";

    private final OnionAddress onion;
    private final Fingerprint key;

    private ProvedSender(OnionAddress onion, Fingerprint key) {
        this.onion = onion;
        this.key = key;
    }

    public static ProvedSender of(OnionAddress onion, Fingerprint key) {
        requireNonNull(onion, "onion");
        requireNonNull(key, "key");
        if (!key.isFull()) {
            throw new IllegalArgumentException("a proved key has a full fingerprint, not " + key.length()
                + " characters");
        }
        return new ProvedSender(onion, key);
    }

    /** Parses {@link #asString()}. */
    public static ProvedSender parse(String text) {
        requireNonNull(text, "text");
        String[] parts = text.trim().split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a proved sender is \"<onion> <fingerprint>\", not \"" + text + "\"");
        }
        try {
            return of(OnionAddress.parse(parts[0]), Fingerprint.parse(parts[1]));
        } catch (InvalidAddressException e) {
            throw new IllegalArgumentException("a proved sender is \"<onion> <fingerprint>\": " + e.getMessage(), e);
        }
    }

    public OnionAddress onion() {
        return onion;
    }

    /** The full fingerprint of the key the client proved it holds. */
    public Fingerprint key() {
        return key;
    }

    public String asString() {
        return onion.asString() + " " + key.asString();
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof ProvedSender)) {
            return false;
        }
        ProvedSender other = (ProvedSender) o;
        return onion.equals(other.onion) && key.equals(other.key);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(onion, key);
    }

    @Override
    public String toString() {
        return onion.asString() + " with key " + key.abbreviate(Fingerprint.MIN_BITS).asString();
    }
}
