/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.Optional;

/**
 * The whole routing answer for one recipient, the one both {@code HasTorRoute} and
 * {@code OnionRemoteDelivery} act on:
 * <ul>
 *   <li>{@link Kind#TOR}: deliver over Tor to the {@link #destination()};</li>
 *   <li>{@link Kind#NOT_FOR_TOR}: not ours, ordinary delivery takes it;</li>
 *   <li>{@link Kind#INVALID}: an address under {@code .onion} that is no onion (a v2 onion, a bad
 *       checksum...): it can never be delivered, and must never go anywhere else;</li>
 *   <li>{@link Kind#DEFERRED}: no answer can be trusted now (a failed DNSSEC look-up): held and
 *       retried, never sent the legacy way.</li>
 * </ul>
 */
public final class RouteDecision {
    public enum Kind { TOR, NOT_FOR_TOR, INVALID, DEFERRED }

    private static final RouteDecision NOT_FOR_TOR = new RouteDecision(Kind.NOT_FOR_TOR, Optional.empty(),
        "no route over Tor");

    private final Kind kind;
    private final Optional<Destination> destination;
    private final String reason;

    private RouteDecision(Kind kind, Optional<Destination> destination, String reason) {
        this.kind = kind;
        this.destination = destination;
        this.reason = reason;
    }

    public static RouteDecision tor(Destination destination) {
        return new RouteDecision(Kind.TOR, Optional.of(requireNonNull(destination, "destination")),
            destination.evidence());
    }

    public static RouteDecision notForTor() {
        return NOT_FOR_TOR;
    }

    /** @param reason the address parser's own words, e.g. "checksum mismatch" */
    public static RouteDecision invalid(String reason) {
        return new RouteDecision(Kind.INVALID, Optional.empty(), requireNonNull(reason, "reason"));
    }

    public static RouteDecision deferred(String reason) {
        return new RouteDecision(Kind.DEFERRED, Optional.empty(), requireNonNull(reason, "reason"));
    }

    public Kind kind() {
        return kind;
    }

    /** Whether onion delivery handles the recipient: every kind but NOT_FOR_TOR. */
    public boolean isForOnionDelivery() {
        return kind != Kind.NOT_FOR_TOR;
    }

    public Optional<Destination> destination() {
        return destination;
    }

    /** The evidence of a TOR decision; why, for the others. */
    public String reason() {
        return reason;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof RouteDecision)) {
            return false;
        }
        RouteDecision other = (RouteDecision) o;
        return kind == other.kind && destination.equals(other.destination) && reason.equals(other.reason);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind, destination, reason);
    }

    @Override
    public String toString() {
        return kind == Kind.TOR ? destination.orElseThrow().toString() : kind + ": " + reason;
    }
}
