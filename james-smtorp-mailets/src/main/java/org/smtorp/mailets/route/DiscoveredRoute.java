/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

/**
 * A way over Tor for a recipient whose own address is not an onion: found in DNS
 * (onionmx SRV, {@code _smtorp} TXT) or announced by the recipient in an
 * {@code SMTorP-Address} header. It says which address to give in RCPT TO (the
 * recipient's own for DNS routes, the announced SMTorP address otherwise), where to
 * connect, the pin when one is known, and the evidence, for logs and bounces.
 */
public final class DiscoveredRoute {
    private final MailAddress recipient;
    private final OnionAddress onion;
    private final int port;
    private final Optional<Fingerprint> pin;
    private final String evidence;
    private final List<DiscoveredRoute> fallbacks;

    private DiscoveredRoute(MailAddress recipient, OnionAddress onion, int port, Optional<Fingerprint> pin,
                            String evidence, List<DiscoveredRoute> fallbacks) {
        this.recipient = recipient;
        this.onion = onion;
        this.port = port;
        this.pin = pin;
        this.evidence = evidence;
        this.fallbacks = fallbacks;
    }

    public static DiscoveredRoute of(MailAddress recipient, OnionAddress onion, int port, Optional<Fingerprint> pin,
                                     String evidence) {
        requireNonNull(recipient, "recipient");
        requireNonNull(onion, "onion");
        requireNonNull(pin, "pin");
        requireNonNull(evidence, "evidence");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535: " + port);
        }
        return new DiscoveredRoute(recipient, onion, port, pin, evidence, List.of());
    }

    /** A copy with routes to try, in order, when this one's onion cannot be reached. */
    public DiscoveredRoute withFallbacks(List<DiscoveredRoute> fallbacks) {
        return new DiscoveredRoute(recipient, onion, port, pin, evidence, List.copyOf(fallbacks));
    }

    /** The address to give in RCPT TO. */
    public MailAddress recipient() {
        return recipient;
    }

    public OnionAddress onion() {
        return onion;
    }

    public int port() {
        return port;
    }

    public Optional<Fingerprint> pin() {
        return pin;
    }

    /** Routes to try, in order, when this one's onion cannot be reached (other onionmx SRV targets). */
    public List<DiscoveredRoute> fallbacks() {
        return fallbacks;
    }

    /** Where the route comes from, e.g. "DNSSEC-validated _smtorp TXT of example.org". */
    public String evidence() {
        return evidence;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof DiscoveredRoute)) {
            return false;
        }
        DiscoveredRoute other = (DiscoveredRoute) o;
        return port == other.port && recipient.equals(other.recipient) && onion.equals(other.onion)
            && pin.equals(other.pin) && evidence.equals(other.evidence) && fallbacks.equals(other.fallbacks);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(recipient, onion, port, pin, evidence, fallbacks);
    }

    @Override
    public String toString() {
        return recipient.asString() + " via " + onion.asString() + ":" + port
            + pin.map(p -> " pinned to " + p.asString()).orElse(" (trust on first use)") + ", from " + evidence
            + (fallbacks.isEmpty() ? "" : "; then " + fallbacks.size() + " other onion(s)");
    }
}
