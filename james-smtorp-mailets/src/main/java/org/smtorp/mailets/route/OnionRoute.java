/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Everything that decides how mail reaches one destination: the onion and port, the
 * SOCKS endpoint, the isolation key (its own circuit), the TLS mode and the pin from
 * the address. Two equal routes may share a connection.
 */
public final class OnionRoute {
    public static final int SMTP_PORT = 25;

    private final OnionAddress onion;
    private final int port;
    private final InetSocketAddress socks;
    private final TlsMode tlsMode;
    private final Optional<Fingerprint> pin;

    private OnionRoute(OnionAddress onion, int port, InetSocketAddress socks, TlsMode tlsMode,
                       Optional<Fingerprint> pin) {
        this.onion = onion;
        this.port = port;
        this.socks = socks;
        this.tlsMode = tlsMode;
        this.pin = pin;
    }

    /** The route to a recipient domain: its onion on port 25, pinned when the domain carries a fingerprint. */
    public static OnionRoute to(SmtorpDomain domain, InetSocketAddress socks, TlsMode tlsMode) {
        requireNonNull(domain, "domain");
        return of(domain.onion(), SMTP_PORT, socks, tlsMode, domain.fingerprint());
    }

    public static OnionRoute of(OnionAddress onion, int port, InetSocketAddress socks, TlsMode tlsMode,
                                Optional<Fingerprint> pin) {
        requireNonNull(onion, "onion");
        requireNonNull(socks, "socks");
        requireNonNull(tlsMode, "tlsMode");
        requireNonNull(pin, "pin");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535: " + port);
        }
        return new OnionRoute(onion, port, socks, tlsMode, pin);
    }

    public OnionAddress onion() {
        return onion;
    }

    public int port() {
        return port;
    }

    public InetSocketAddress socks() {
        return socks;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    public Optional<Fingerprint> pin() {
        return pin;
    }

    /**
     * The SOCKS user name that isolates this destination: tor's IsolateSOCKSAuth gives each
     * distinct user name its own circuit, so destinations never share one.
     */
    public String isolationKey() {
        return "smtorp:" + onion.serviceId();
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof OnionRoute)) {
            return false;
        }
        OnionRoute other = (OnionRoute) o;
        return port == other.port && onion.equals(other.onion) && socks.equals(other.socks)
            && tlsMode == other.tlsMode && pin.equals(other.pin);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(onion, port, socks, tlsMode, pin);
    }

    @Override
    public String toString() {
        return onion.asString() + ":" + port + " via SOCKS " + socks.getPort() + " (" + tlsMode.configName()
            + pin.map(p -> ", pin " + p.asString()).orElse(", trust on first use") + ")";
    }
}
