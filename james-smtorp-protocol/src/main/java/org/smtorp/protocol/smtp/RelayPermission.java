/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.sender.ProvedSender;

/**
 * Whose onion mail the onion listener relays: the SMTorP servers named by
 * NoRelayRcptHandler's {@code <relayFor>}, each as {@code <fingerprint>.<onion>.onion} with
 * its key's full fingerprint, for which this listener is the sending relay of SPEC section 4.
 * A session qualifies only once its client proved with XONION that it holds that very key and
 * claims that onion: the operator pinned the key, so no look-up through tor is needed to
 * believe it. Every connection comes from 127.0.0.1, so nothing else can say who the client is.
 * Empty (the default): relay for nobody.
 */
final class RelayPermission {
    static final RelayPermission NOBODY = new RelayPermission(Set.of());

    private final Set<ProvedSender> senders;

    private RelayPermission(Set<ProvedSender> senders) {
        this.senders = Set.copyOf(senders);
    }

    /**
     * Parses a list of {@code <fingerprint>.<onion>.onion}, separated by commas or white space,
     * as James lists {@code authorizedAddresses}.
     *
     * @throws IllegalArgumentException naming the first entry that is not a pinned onion with a full fingerprint
     */
    static RelayPermission parse(String text) {
        requireNonNull(text, "text");
        Set<ProvedSender> senders = new LinkedHashSet<>();
        for (String entry : text.trim().split("[\\s,]+")) {
            if (!entry.isEmpty()) {
                senders.add(sender(entry));
            }
        }
        return new RelayPermission(senders);
    }

    private static ProvedSender sender(String entry) {
        SmtorpDomain domain;
        try {
            domain = SmtorpDomain.parse(entry);
        } catch (InvalidAddressException e) {
            throw new IllegalArgumentException("\"" + entry + "\" is not <fingerprint>.<onion>.onion: "
                + e.getMessage(), e);
        }
        if (domain.fingerprint().filter(fingerprint -> fingerprint.isFull()).isEmpty()) {
            throw new IllegalArgumentException("\"" + entry + "\" must name the onion with its key's full fingerprint "
                + "(52 characters, as `smtorp address` prints it): XONION proves a key, so the key is what is allowed");
        }
        return ProvedSender.of(domain.onion(), domain.fingerprint().get());
    }

    /** Whether a client that proved {@code proved} (or nothing) may relay onion mail through us. */
    boolean allows(Optional<ProvedSender> proved) {
        return proved.filter(senders::contains).isPresent();
    }

    boolean isNobody() {
        return senders.isEmpty();
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof RelayPermission && senders.equals(((RelayPermission) o).senders);
    }

    @Override
    public final int hashCode() {
        return senders.hashCode();
    }

    @Override
    public String toString() {
        return senders.isEmpty() ? "relay for nobody"
            : senders.stream().map(ProvedSender::toString).collect(Collectors.joining(", ", "relay for ", ""));
    }
}
