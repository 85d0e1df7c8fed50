/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.discovery.Discovery;

/** How long each kind of finding is kept; expiry through a clock is DnsRouteSourceTest's. */
class DiscoveryCacheTest {
    private static Discovery deferred(Duration ttl) {
        return Discovery.deferred("example.org", List.of("_smtorp.example.org.: look-up failed (SERVFAIL)"), ttl);
    }

    @Test
    void aDeferralShouldBeKeptAMinuteAtMost() {
        assertThat(DiscoveryCache.lifetime(deferred(Duration.ofMinutes(10)))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aDeferralShouldBeKeptNoLongerThanItsOwnTtl() {
        assertThat(DiscoveryCache.lifetime(deferred(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aNegativeFindingShouldStillBeKeptUpToFifteenMinutes() {
        assertThat(DiscoveryCache.lifetime(Discovery.none("example.org", List.of(), Duration.ofHours(1))))
            .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aDeferralShouldBeReturnedAsItWasPut() {
        DiscoveryCache cache = new DiscoveryCache(Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC),
            10);
        Discovery deferral = deferred(Duration.ofMinutes(1));

        cache.put("example.org", deferral);

        assertThat(cache.get("example.org")).contains(deferral);
    }
}
