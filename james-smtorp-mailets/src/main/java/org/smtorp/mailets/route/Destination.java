/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

/**
 * Where mail for one recipient goes over Tor: the onion and port, the onions to try after it
 * (other onionmx SRV targets), the pin when one is known (the address's fingerprint, an
 * announced one, a DNS TXT record's; else trust on first use), the address to give in RCPT TO
 * (the recipient's own, or the SMTorP address it announced), and the evidence, for logs and
 * bounces.
 */
public final class Destination {
    private final MailAddress recipient;
    private final OnionAddress onion;
    private final int port;
    private final Optional<Fingerprint> pin;
    private final String evidence;
    private final List<Destination> fallbacks;

    private Destination(MailAddress recipient, OnionAddress onion, int port, Optional<Fingerprint> pin,
                            String evidence, List<Destination> fallbacks) {
        this.recipient = recipient;
        this.onion = onion;
        this.port = port;
        this.pin = pin;
        this.evidence = evidence;
        this.fallbacks = fallbacks;
    }

    public static Destination of(MailAddress recipient, OnionAddress onion, int port, Optional<Fingerprint> pin,
                                     String evidence) {
        requireNonNull(recipient, "recipient");
        requireNonNull(onion, "onion");
        requireNonNull(pin, "pin");
        requireNonNull(evidence, "evidence");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535: " + port);
        }
        return new Destination(recipient, onion, port, pin, evidence, List.of());
    }

    /** A copy with routes to try, in order, when this one's onion cannot be reached. */
    public Destination withFallbacks(List<Destination> fallbacks) {
        return new Destination(recipient, onion, port, pin, evidence, List.copyOf(fallbacks));
    }

    /** The onion routes to try, in order: this onion, then the fallbacks. */
    public List<OnionRoute> routes(InetSocketAddress socks, TlsMode tlsMode) {
        List<OnionRoute> routes = new ArrayList<>();
        routes.add(OnionRoute.of(onion, port, socks, tlsMode, pin));
        fallbacks.forEach(fallback -> routes.add(OnionRoute.of(fallback.onion, fallback.port, socks, tlsMode,
            fallback.pin)));
        return List.copyOf(routes);
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
    public List<Destination> fallbacks() {
        return fallbacks;
    }

    /** Where the route comes from, e.g. "DNSSEC-validated _smtorp TXT of example.org", "the address's fingerprint". */
    public String evidence() {
        return evidence;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof Destination)) {
            return false;
        }
        Destination other = (Destination) o;
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
