/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How DNS discovery asks: which resolver (the system's when none is given), which DNSSEC
 * policy, the trust anchor file (DS or DNSKEY records in zone-file syntax) and the time-out
 * of one query.
 */
public final class DiscoverySettings {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Optional<InetSocketAddress> resolver;
    private final DnssecPolicy dnssec;
    private final Optional<Path> trustAnchor;
    private final Duration timeout;

    private DiscoverySettings(Optional<InetSocketAddress> resolver, DnssecPolicy dnssec, Optional<Path> trustAnchor,
                              Duration timeout) {
        this.resolver = resolver;
        this.dnssec = dnssec;
        this.trustAnchor = trustAnchor;
        this.timeout = timeout;
    }

    /**
     * @throws IllegalArgumentException if {@code require} has no trust anchor, {@code off} has one
     *     (it would not be used), or the time-out is not positive
     */
    public static DiscoverySettings of(Optional<InetSocketAddress> resolver, DnssecPolicy dnssec,
                                       Optional<Path> trustAnchor, Duration timeout) {
        requireNonNull(resolver, "resolver");
        requireNonNull(dnssec, "dnssec");
        requireNonNull(trustAnchor, "trustAnchor");
        requireNonNull(timeout, "timeout");
        if (dnssec == DnssecPolicy.REQUIRE && trustAnchor.isEmpty()) {
            throw new IllegalArgumentException("dnssec require needs a trust anchor: nothing validates without one");
        }
        if (dnssec == DnssecPolicy.OFF && trustAnchor.isPresent()) {
            throw new IllegalArgumentException("dnssec off validates nothing: drop the trust anchor or choose "
                + "require or prefer");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the time-out must be positive: " + timeout);
        }
        return new DiscoverySettings(resolver, dnssec, trustAnchor, timeout);
    }

    /**
     * A resolver's address as operators write it: {@code IP:PORT}, {@code [IPv6]:PORT}. A literal
     * only: resolving the resolver's own name would need a resolver.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static InetSocketAddress parseResolver(String text) {
        requireNonNull(text, "text");
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        String host = colon > 0 ? trimmed.substring(0, colon).replaceAll("^\\[|]$", "") : "";
        String port = colon > 0 ? trimmed.substring(colon + 1) : "";
        if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]*") || !port.matches("[0-9]{1,5}")
            || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not IP:PORT (an address literal, e.g. 127.0.0.1:53 "
                + "or [::1]:53)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not IP:PORT", e);
        }
    }

    public Optional<InetSocketAddress> resolver() {
        return resolver;
    }

    public DnssecPolicy dnssec() {
        return dnssec;
    }

    public Optional<Path> trustAnchor() {
        return trustAnchor;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Whether answers go through a validating resolver. */
    public boolean validates() {
        return dnssec.validates() && trustAnchor.isPresent();
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof DiscoverySettings)) {
            return false;
        }
        DiscoverySettings other = (DiscoverySettings) o;
        return resolver.equals(other.resolver) && dnssec == other.dnssec && trustAnchor.equals(other.trustAnchor)
            && timeout.equals(other.timeout);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(resolver, dnssec, trustAnchor, timeout);
    }

    @Override
    public String toString() {
        return "DNS discovery via " + resolver.map(r -> r.getHostString() + ":" + r.getPort()).orElse("the system "
            + "resolver") + ", dnssec " + dnssec.asString() + trustAnchor.map(a -> ", trust anchor " + a).orElse("");
    }
}
