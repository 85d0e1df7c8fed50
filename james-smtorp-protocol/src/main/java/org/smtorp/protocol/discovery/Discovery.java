/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What DNS discovery found for one domain: the onion to deliver to ({@link Kind#FOUND}), none
 * (mail stays with ordinary delivery), or no answer to trust either way ({@link Kind#DEFERRED}:
 * the mail waits for its retry); the evidence behind the onion; the reasons for every record
 * used or ignored; and how long the finding may be cached.
 */
public final class Discovery {
    public enum Kind {
        /** An onion, from records the DNSSEC policy accepts. */
        FOUND,
        /** Proven absence, or nothing the DNSSEC policy accepts: the domain's mail goes the ordinary way. */
        NONE,
        /**
         * A look-up failed where its answer could have named an onion (BOGUS, SERVFAIL, time-out):
         * not an absence, so the mail is neither sent in clear nor sent over Tor now, but retried.
         */
        DEFERRED
    }

    private final String domain;
    private final Kind kind;
    private final Optional<DiscoveredOnion> onion;
    private final List<DiscoveredOnion> fallbacks;
    private final String evidence;
    private final List<String> reasons;
    private final Duration ttl;

    private Discovery(String domain, Kind kind, Optional<DiscoveredOnion> onion, List<DiscoveredOnion> fallbacks,
                      String evidence, List<String> reasons, Duration ttl) {
        this.domain = domain;
        this.kind = kind;
        this.onion = onion;
        this.fallbacks = fallbacks;
        this.evidence = evidence;
        this.reasons = reasons;
        this.ttl = ttl;
    }

    public static Discovery found(String domain, DiscoveredOnion onion, String evidence, List<String> reasons,
                                  Duration ttl) {
        return new Discovery(requireNonNull(domain, "domain"), Kind.FOUND, Optional.of(requireNonNull(onion, "onion")),
            List.of(), requireNonNull(evidence, "evidence"), List.copyOf(reasons), requireNonNull(ttl, "ttl"));
    }

    public static Discovery none(String domain, List<String> reasons, Duration ttl) {
        return withoutOnion(domain, Kind.NONE, reasons, ttl);
    }

    /** @param reasons which name failed and how, and why that holds the mail */
    public static Discovery deferred(String domain, List<String> reasons, Duration ttl) {
        return withoutOnion(domain, Kind.DEFERRED, reasons, ttl);
    }

    private static Discovery withoutOnion(String domain, Kind kind, List<String> reasons, Duration ttl) {
        return new Discovery(requireNonNull(domain, "domain"), kind, Optional.empty(), List.of(), "",
            List.copyOf(reasons), requireNonNull(ttl, "ttl"));
    }

    /**
     * A copy that names onions to try, in order, when the first cannot be reached: the domain's
     * other onionmx SRV targets. Only a discovery with an onion has fallbacks.
     */
    public Discovery withFallbacks(List<DiscoveredOnion> fallbacks) {
        if (onion.isEmpty() && !fallbacks.isEmpty()) {
            throw new IllegalStateException("no onion for " + domain + ", so no fallbacks either");
        }
        return new Discovery(domain, kind, onion, List.copyOf(fallbacks), evidence, reasons, ttl);
    }

    public String domain() {
        return domain;
    }

    public Kind kind() {
        return kind;
    }

    /** The onion; empty unless {@link Kind#FOUND}. */
    public Optional<DiscoveredOnion> onion() {
        return onion;
    }

    /** The onions to try, in order, when {@link #onion()} cannot be reached; none for a pinned TXT onion. */
    public List<DiscoveredOnion> fallbacks() {
        return fallbacks;
    }

    /** Where the onion comes from, e.g. {@code DNSSEC-validated _smtorp TXT of example.org}; empty without one. */
    public String evidence() {
        return evidence;
    }

    /** One line per answer and per record used or ignored, and why. */
    public List<String> reasons() {
        return reasons;
    }

    public Duration ttl() {
        return ttl;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof Discovery)) {
            return false;
        }
        Discovery other = (Discovery) o;
        return domain.equals(other.domain) && kind == other.kind && onion.equals(other.onion) && fallbacks.equals(other.fallbacks)
            && evidence.equals(other.evidence)
            && reasons.equals(other.reasons) && ttl.equals(other.ttl);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(domain, kind, onion, fallbacks, evidence, reasons, ttl);
    }

    @Override
    public String toString() {
        return domain + ": " + kind + " " + onion.map(o -> o + (fallbacks.isEmpty() ? "" : " then " + fallbacks)
            + " from " + evidence + " ").orElse("") + reasons;
    }
}
