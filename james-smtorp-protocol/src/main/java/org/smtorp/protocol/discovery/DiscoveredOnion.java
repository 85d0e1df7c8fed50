/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.Optional;

import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

/** Where a domain's mail goes over Tor, as its DNS records say: an onion, a port, and the TLS pin if published. */
public final class DiscoveredOnion {
    private final OnionAddress onion;
    private final int port;
    private final Optional<Fingerprint> pin;

    private DiscoveredOnion(OnionAddress onion, int port, Optional<Fingerprint> pin) {
        this.onion = onion;
        this.port = port;
        this.pin = pin;
    }

    public static DiscoveredOnion of(OnionAddress onion, int port, Optional<Fingerprint> pin) {
        requireNonNull(onion, "onion");
        requireNonNull(pin, "pin");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535: " + port);
        }
        return new DiscoveredOnion(onion, port, pin);
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

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof DiscoveredOnion)) {
            return false;
        }
        DiscoveredOnion other = (DiscoveredOnion) o;
        return port == other.port && onion.equals(other.onion) && pin.equals(other.pin);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(onion, port, pin);
    }

    @Override
    public String toString() {
        return onion.asString() + ":" + port + pin.map(p -> " pinned to " + p.asString()).orElse(" (trust on first use)");
    }
}
