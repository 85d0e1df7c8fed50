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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.discovery.DiscoveredOnion;
import org.smtorp.protocol.discovery.Discovery;

class DnsRouteSourceTest {
    private static final DiscoveredOnion FOUND = DiscoveredOnion.of(RouteSelectorTest.ONION, 2525,
        Optional.of(RouteSelectorTest.PIN));

    private final MutableClock clock = new MutableClock();
    private final List<String> asked = new ArrayList<>();

    private DnsRouteSource source(Duration ttl, boolean found, int capacity) {
        return new DnsRouteSource(domain -> {
            asked.add(domain);
            return found ? Discovery.found(domain, FOUND, "DNSSEC-validated _smtorp TXT of " + domain, List.of(), ttl)
                : Discovery.none(domain, List.of("no records"), ttl);
        }, new DiscoveryCache(clock, capacity));
    }

    @Test
    void aDiscoveredOnionShouldRouteTheRecipientUnchangedWithThePin() throws Exception {
        MailAddress bob = new MailAddress("bob@Example.org");

        assertThat(source(Duration.ofMinutes(5), true, 10).routeFor(bob).destination()).contains(Destination.of(bob,
            RouteSelectorTest.ONION, 2525, Optional.of(RouteSelectorTest.PIN),
            "DNSSEC-validated _smtorp TXT of example.org"));
    }

    @Test
    void aDeferredDiscoveryShouldHoldTheMailNamingTheFailedLookUp() throws Exception {
        DnsRouteSource source = new DnsRouteSource(domain -> Discovery.deferred(domain,
            List.of("_smtorp.example.org.: look-up failed (SERVFAIL, not DNSSEC-validated)"), Duration.ofMinutes(1)),
            new DiscoveryCache(clock, 10));

        SourceAnswer answer = source.routeFor(new MailAddress("bob@example.org"));

        assertThat(answer.kind()).isEqualTo(SourceAnswer.Kind.DEFERRED);
        assertThat(answer.reason()).contains("SERVFAIL");
    }

    @Test
    void theOtherSrvOnionsShouldBecomeFallbacksForTheSameRecipient() throws Exception {
        MailAddress bob = new MailAddress("bob@example.org");
        OnionAddress second = OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
        DnsRouteSource source = new DnsRouteSource(domain -> Discovery.found(domain,
            DiscoveredOnion.of(RouteSelectorTest.ONION, 25, Optional.empty()), "onionmx SRV of " + domain, List.of(),
            Duration.ofMinutes(5)).withFallbacks(List.of(DiscoveredOnion.of(second, 2525, Optional.empty()))),
            new DiscoveryCache(clock, 10));

        Destination route = source.routeFor(bob).destination().orElseThrow();

        assertThat(route.onion()).isEqualTo(RouteSelectorTest.ONION);
        assertThat(route.fallbacks()).containsExactly(Destination.of(bob, second, 2525, Optional.empty(),
            "onionmx SRV of example.org"));
    }

    @Test
    void answersShouldBeCachedForTheirTtl() throws Exception {
        DnsRouteSource source = source(Duration.ofMinutes(5), true, 10);
        source.routeFor(new MailAddress("bob@example.org"));
        source.routeFor(new MailAddress("carol@example.org"));
        clock.advance(Duration.ofMinutes(5));
        source.routeFor(new MailAddress("bob@example.org"));

        assertThat(asked).containsExactly("example.org", "example.org");
    }

    @Test
    void positiveAnswersShouldBeKeptAnHourAtMost() throws Exception {
        DnsRouteSource source = source(Duration.ofDays(2), true, 10);
        source.routeFor(new MailAddress("bob@example.org"));
        clock.advance(Duration.ofMinutes(59));
        source.routeFor(new MailAddress("bob@example.org"));
        clock.advance(Duration.ofMinutes(1));
        source.routeFor(new MailAddress("bob@example.org"));

        assertThat(asked).hasSize(2);
    }

    @Test
    void negativeAnswersShouldBeCachedTooButShorter() throws Exception {
        DnsRouteSource source = source(Duration.ofDays(1), false, 10);
        assertThat(source.routeFor(new MailAddress("bob@example.org"))).isEqualTo(SourceAnswer.none());
        clock.advance(Duration.ofMinutes(14));
        source.routeFor(new MailAddress("bob@example.org"));
        clock.advance(Duration.ofMinutes(1));
        source.routeFor(new MailAddress("bob@example.org"));

        assertThat(asked).hasSize(2);
    }

    @Test
    void theCacheShouldDropTheLeastRecentlyUsedDomain() throws Exception {
        DnsRouteSource source = source(Duration.ofMinutes(5), true, 2);
        source.routeFor(new MailAddress("a@one.example"));
        source.routeFor(new MailAddress("a@two.example"));
        source.routeFor(new MailAddress("a@one.example"));
        source.routeFor(new MailAddress("a@three.example"));
        source.routeFor(new MailAddress("a@one.example"));
        source.routeFor(new MailAddress("a@two.example"));

        assertThat(asked).containsExactly("one.example", "two.example", "three.example", "two.example");
    }

    @Test
    void onionRecipientsShouldNeverBeLookedUp() throws Exception {
        assertThat(source(Duration.ofMinutes(5), true, 10)
            .routeFor(new MailAddress("bob@" + RouteSelectorTest.ONION.asString()))).isEqualTo(SourceAnswer.none());
        assertThat(asked).isEmpty();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-03-02T09:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
