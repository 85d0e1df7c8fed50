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
 * What DNS discovery found for one domain: the onion to deliver to, or none (mail stays with
 * ordinary delivery); the evidence behind the onion; the reasons for every record used or
 * ignored; and how long the finding may be cached.
 */
public final class Discovery {
    private final String domain;
    private final Optional<DiscoveredOnion> onion;
    private final List<DiscoveredOnion> fallbacks;
    private final String evidence;
    private final List<String> reasons;
    private final Duration ttl;

    private Discovery(String domain, Optional<DiscoveredOnion> onion, List<DiscoveredOnion> fallbacks, String evidence,
                      List<String> reasons, Duration ttl) {
        this.domain = domain;
        this.onion = onion;
        this.fallbacks = fallbacks;
        this.evidence = evidence;
        this.reasons = reasons;
        this.ttl = ttl;
    }

    public static Discovery found(String domain, DiscoveredOnion onion, String evidence, List<String> reasons,
                                  Duration ttl) {
        return new Discovery(requireNonNull(domain, "domain"), Optional.of(requireNonNull(onion, "onion")), List.of(),
            requireNonNull(evidence, "evidence"), List.copyOf(reasons), requireNonNull(ttl, "ttl"));
    }

    public static Discovery none(String domain, List<String> reasons, Duration ttl) {
        return new Discovery(requireNonNull(domain, "domain"), Optional.empty(), List.of(), "", List.copyOf(reasons),
            requireNonNull(ttl, "ttl"));
    }

    /**
     * A copy that names onions to try, in order, when the first cannot be reached: the domain's
     * other onionmx SRV targets. Only a discovery with an onion has fallbacks.
     */
    public Discovery withFallbacks(List<DiscoveredOnion> fallbacks) {
        if (onion.isEmpty() && !fallbacks.isEmpty()) {
            throw new IllegalStateException("no onion for " + domain + ", so no fallbacks either");
        }
        return new Discovery(domain, onion, List.copyOf(fallbacks), evidence, reasons, ttl);
    }

    public String domain() {
        return domain;
    }

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
        return domain.equals(other.domain) && onion.equals(other.onion) && fallbacks.equals(other.fallbacks)
            && evidence.equals(other.evidence)
            && reasons.equals(other.reasons) && ttl.equals(other.ttl);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(domain, onion, fallbacks, evidence, reasons, ttl);
    }

    @Override
    public String toString() {
        return domain + ": " + onion.map(o -> o + (fallbacks.isEmpty() ? "" : " then " + fallbacks) + " from " + evidence)
            .orElse("no onion") + " " + reasons;
    }
}
