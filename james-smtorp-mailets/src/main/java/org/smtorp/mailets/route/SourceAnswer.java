/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link RouteSource} knows of a recipient: a destination over Tor; nothing (it looked
 * and there is none); or a look-up that failed in a way that must hold the mail back (a DNSSEC
 * answer that did not validate, a server that did not answer), so that an attacker who breaks
 * the look-up cannot send the mail the legacy way.
 */
public final class SourceAnswer {
    public enum Kind { FOUND, NONE, DEFERRED }

    private static final SourceAnswer NONE = new SourceAnswer(Kind.NONE, Optional.empty(), "");

    private final Kind kind;
    private final Optional<Destination> destination;
    private final String reason;

    private SourceAnswer(Kind kind, Optional<Destination> destination, String reason) {
        this.kind = kind;
        this.destination = destination;
        this.reason = reason;
    }

    public static SourceAnswer found(Destination destination) {
        return new SourceAnswer(Kind.FOUND, Optional.of(requireNonNull(destination, "destination")), "");
    }

    public static SourceAnswer none() {
        return NONE;
    }

    /** @param reason why, for logs and the bounce if it never clears, e.g. the failed DNS name and rcode */
    public static SourceAnswer deferred(String reason) {
        return new SourceAnswer(Kind.DEFERRED, Optional.empty(), requireNonNull(reason, "reason"));
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Destination> destination() {
        return destination;
    }

    public String reason() {
        return reason;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof SourceAnswer)) {
            return false;
        }
        SourceAnswer other = (SourceAnswer) o;
        return kind == other.kind && destination.equals(other.destination) && reason.equals(other.reason);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind, destination, reason);
    }

    @Override
    public String toString() {
        switch (kind) {
            case FOUND:
                return destination.orElseThrow().toString();
            case DEFERRED:
                return "deferred: " + reason;
            default:
                return "none";
        }
    }
}
