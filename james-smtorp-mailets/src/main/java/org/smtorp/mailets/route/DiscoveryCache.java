/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.smtorp.protocol.discovery.Discovery;

/**
 * What DNS discovery found per domain, kept for the answers' TTL but never longer than an
 * hour (15 minutes when there was no onion, so that a domain that starts publishing is
 * noticed soon; a minute for a deferral, so that held mail goes once the zone is repaired),
 * and for at most {@code capacity} domains, the least recently used dropped.
 */
final class DiscoveryCache {
    static final Duration MAX_TTL = Duration.ofHours(1);
    static final Duration MAX_NEGATIVE_TTL = Duration.ofMinutes(15);
    static final Duration MAX_DEFERRED_TTL = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Cached> entries;

    DiscoveryCache(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a cache holds at least one domain: " + capacity);
        }
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<Discovery> get(String domain) {
        Cached entry = entries.get(domain);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires)) {
            entries.remove(domain);
            return Optional.empty();
        }
        return Optional.of(entry.discovery);
    }

    synchronized void put(String domain, Discovery discovery) {
        Duration ttl = lifetime(discovery);
        if (ttl.isZero()) {
            return;
        }
        entries.put(domain, new Cached(discovery, clock.instant().plus(ttl)));
    }

    /** How long a finding is kept: its TTL, within the bound of its kind. */
    static Duration lifetime(Discovery discovery) {
        Duration bound;
        switch (discovery.kind()) {
            case FOUND:
                bound = MAX_TTL;
                break;
            case DEFERRED:
                bound = MAX_DEFERRED_TTL;
                break;
            default:
                bound = MAX_NEGATIVE_TTL;
                break;
        }
        return discovery.ttl().compareTo(bound) > 0 ? bound : discovery.ttl();
    }

    synchronized int size() {
        return entries.size();
    }

    private static final class Cached {
        private final Discovery discovery;
        private final Instant expires;

        Cached(Discovery discovery, Instant expires) {
            this.discovery = discovery;
            this.expires = expires;
        }
    }
}
