/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Checks an {@code X-Hashcash} stamp for one recipient as {@code hashcash -c -d -b
 * bits -r resource} does: version 1, claimed bits at least the required ones,
 * resource equal to the recipient (case-insensitive, the tool's default),
 * date within the validity window widened by a grace for clock skew, SHA-1 value
 * at least the claimed bits, and not spent before. Cheap rules come first: only a
 * stamp that passes them costs a SHA-1, and only a valid one a store write.
 */
public final class StampChecker {
    /** The tool's default validity for stamps. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(28);
    /** The tool's default grace for clock skew. */
    public static final Duration DEFAULT_GRACE = Duration.ofDays(2);

    private final HashcashAlgorithm hashcash;
    private final SpentStampStore store;
    private final Clock clock;
    private final Duration validity;
    private final Duration grace;

    private StampChecker(HashcashAlgorithm hashcash, SpentStampStore store, Clock clock, Duration validity,
                         Duration grace) {
        this.hashcash = hashcash;
        this.store = store;
        this.clock = clock;
        this.validity = validity;
        this.grace = grace;
    }

    /** A checker with the tool's defaults: 28 days of validity, 2 days of grace. */
    public static StampChecker of(SpentStampStore store, Clock clock) {
        return new StampChecker(HashcashAlgorithm.create(), Objects.requireNonNull(store), clock,
            DEFAULT_VALIDITY, DEFAULT_GRACE);
    }

    public StampChecker withValidity(Duration validity) {
        return new StampChecker(hashcash, store, clock, positive(validity, "validity"), grace);
    }

    public StampChecker withGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        return new StampChecker(hashcash, store, clock, validity, grace);
    }

    /**
     * Checks {@code text}, an {@code X-Hashcash} header value, for {@code resource}
     * at {@code requiredBits}; a valid stamp is recorded as spent.
     */
    public StampVerdict check(String text, String resource, int requiredBits) {
        Stamp stamp;
        try {
            stamp = Stamp.parse(text);
        } catch (InvalidStampException e) {
            return StampVerdict.malformed(e.getMessage());
        }
        if (stamp.bits() < requiredBits) {
            return StampVerdict.refused(StampVerdict.Kind.INSUFFICIENT_BITS, stamp,
                "stamp claims " + stamp.bits() + " bits, " + requiredBits + " are required");
        }
        if (!stamp.resource().equalsIgnoreCase(resource)) {
            return StampVerdict.refused(StampVerdict.Kind.WRONG_RESOURCE, stamp,
                "stamp is for " + stamp.resource() + ", not " + resource);
        }
        Instant now = clock.instant();
        Instant minted = stamp.date();
        if (minted.isAfter(now.plus(grace))) {
            return StampVerdict.refused(StampVerdict.Kind.FUTURE_DATED, stamp,
                "stamp is dated " + minted + ", in the future (now " + now + ", grace " + grace.toHours() + " h)");
        }
        // From the date read once: reading it costs as much as the other cheap rules together.
        Instant expiry = expiry(minted);
        if (expiry.isBefore(now)) {
            return StampVerdict.refused(StampVerdict.Kind.EXPIRED, stamp,
                "stamp dated " + minted + " expired at " + expiry + " (validity " + validity.toDays()
                    + " days, grace " + grace.toHours() + " h)");
        }
        int value = hashcash.value(stamp);
        if (value < stamp.bits()) {
            return StampVerdict.refused(StampVerdict.Kind.INSUFFICIENT_WORK, stamp,
                "stamp claims " + stamp.bits() + " bits but its SHA-1 has " + value + " leading zero bits");
        }
        if (!store.spend(stamp, expiry)) {
            return StampVerdict.refused(StampVerdict.Kind.SPENT, stamp, "stamp was already spent: " + stamp);
        }
        return StampVerdict.valid(stamp);
    }

    /** When a stamp stops being accepted: its date plus the validity and the grace. */
    public Instant expiryOf(Stamp stamp) {
        return expiry(stamp.date());
    }

    private Instant expiry(Instant minted) {
        return minted.plus(validity).plus(grace);
    }

    private static Duration positive(Duration duration, String what) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration;
    }
}
