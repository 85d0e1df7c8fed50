/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import java.util.Objects;
import java.util.Optional;

/** The outcome of checking one {@code X-Hashcash} stamp for one recipient. */
public final class StampVerdict {
    /** Why a stamp was refused, or that it was not. */
    public enum Kind {
        VALID,
        MALFORMED,
        WRONG_RESOURCE,
        INSUFFICIENT_BITS,
        EXPIRED,
        FUTURE_DATED,
        INSUFFICIENT_WORK,
        SPENT
    }

    private final Kind kind;
    private final String message;
    private final Optional<Stamp> stamp;

    private StampVerdict(Kind kind, String message, Optional<Stamp> stamp) {
        this.kind = kind;
        this.message = message;
        this.stamp = stamp;
    }

    static StampVerdict valid(Stamp stamp) {
        return new StampVerdict(Kind.VALID, "valid " + stamp.bits() + "-bit stamp for " + stamp.resource(),
            Optional.of(stamp));
    }

    static StampVerdict malformed(String message) {
        return new StampVerdict(Kind.MALFORMED, message, Optional.empty());
    }

    static StampVerdict refused(Kind kind, Stamp stamp, String message) {
        if (kind == Kind.VALID || kind == Kind.MALFORMED) {
            throw new IllegalArgumentException("a refusal of a parsed stamp, not " + kind);
        }
        return new StampVerdict(kind, message, Optional.of(stamp));
    }

    public Kind kind() {
        return kind;
    }

    public boolean isValid() {
        return kind == Kind.VALID;
    }

    /** Why, for a log line or a reply text: names the rule and the values. */
    public String message() {
        return message;
    }

    /** The stamp, when it parsed. */
    public Optional<Stamp> stamp() {
        return stamp;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof StampVerdict)) {
            return false;
        }
        StampVerdict that = (StampVerdict) o;
        return kind == that.kind && message.equals(that.message) && stamp.equals(that.stamp);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind, message, stamp);
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
