/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.OnionAddress;

import nl.jqno.equalsverifier.EqualsVerifier;

class DiscoveryValuesTest {
    @Test
    void valuesShouldRespectTheValueContract() {
        EqualsVerifier.forClass(DiscoveredOnion.class).withNonnullFields("onion", "pin").verify();
        EqualsVerifier.forClass(Discovery.class).withNonnullFields("domain", "kind", "onion", "fallbacks", "evidence",
            "reasons", "ttl")
            .verify();
        EqualsVerifier.forClass(DnsAnswer.class).withNonnullFields("name", "kind", "records", "status", "ttl",
            "failure").verify();
        EqualsVerifier.forClass(DiscoverySettings.class).withNonnullFields("resolver", "dnssec", "trustAnchor",
            "timeout").verify();
    }

    @Test
    void aDeferredDiscoveryShouldHaveNoOnion() {
        Discovery deferred = Discovery.deferred("example.org", List.of("_smtorp.example.org.: look-up failed"),
            Duration.ofMinutes(1));

        assertThat(deferred.kind()).isEqualTo(Discovery.Kind.DEFERRED);
        assertThat(deferred.onion()).isEmpty();
        assertThat(deferred.evidence()).isEmpty();
    }

    @Test
    void aDeferredDiscoveryShouldDifferFromNoneWithTheSameReasons() {
        List<String> reasons = List.of("_smtorp.example.org.: look-up failed");

        Discovery deferred = Discovery.deferred("example.org", reasons, Duration.ofMinutes(1));
        Discovery none = Discovery.none("example.org", reasons, Duration.ofMinutes(1));

        assertThat(deferred).isNotEqualTo(none);
        assertThat(deferred.toString()).startsWith("example.org: DEFERRED");
    }

    @Test
    void aDeferredDiscoveryShouldRefuseFallbacks() {
        Discovery deferred = Discovery.deferred("example.org", List.of(), Duration.ofMinutes(1));
        DiscoveredOnion onion = DiscoveredOnion.of(OnionAddress.parse(OnionMxRecordTest.A), 25, Optional.empty());

        assertThatThrownBy(() -> deferred.withFallbacks(List.of(onion))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void foundAndNoneShouldSayTheirKind() {
        DiscoveredOnion onion = DiscoveredOnion.of(OnionAddress.parse(OnionMxRecordTest.A), 25, Optional.empty());

        assertThat(Discovery.found("example.org", onion, "e", List.of(), Duration.ZERO).kind())
            .isEqualTo(Discovery.Kind.FOUND);
        assertThat(Discovery.none("example.org", List.of(), Duration.ZERO).kind()).isEqualTo(Discovery.Kind.NONE);
    }

    @Test
    void discoveredOnionShouldRefuseAPortOutOfRange() {
        assertThatThrownBy(() -> DiscoveredOnion.of(OnionAddress.parse(OnionMxRecordTest.A), 0, Optional.empty()))
            .hasMessage("port must be from 1 to 65535: 0");
    }

    @Test
    void anAnswerWithRecordsShouldHaveOne() {
        assertThatThrownBy(() -> DnsAnswer.records("_smtorp.example.org.", List.of(), DnssecStatus.SECURE,
            Duration.ZERO)).hasMessage("an answer with records has at least one");
    }

    @Test
    void settingsShouldRefuseDnssecOffWithATrustAnchor() {
        assertThatThrownBy(() -> DiscoverySettings.of(Optional.empty(), DnssecPolicy.OFF, Optional.of(Path.of("a.ds")),
            Duration.ofSeconds(5))).hasMessageContaining("dnssec off validates nothing");
    }

    @Test
    void settingsShouldValidateOnlyWithATrustAnchor() {
        assertThat(DiscoverySettings.of(Optional.empty(), DnssecPolicy.PREFER, Optional.empty(), Duration.ofSeconds(5))
            .validates()).isFalse();
        assertThat(DiscoverySettings.of(Optional.empty(), DnssecPolicy.PREFER, Optional.of(Path.of("a.ds")),
            Duration.ofSeconds(5)).validates()).isTrue();
    }

    @Test
    void parseResolverShouldTakeAddressLiteralsOnly() {
        assertThat(DiscoverySettings.parseResolver("127.0.0.1:5353")).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(DiscoverySettings.parseResolver("[::1]:53").getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> DiscoverySettings.parseResolver("localhost:53")).hasMessageContaining("is not IP:PORT");
        assertThatThrownBy(() -> DiscoverySettings.parseResolver("127.0.0.1")).hasMessageContaining("is not IP:PORT");
        assertThatThrownBy(() -> DiscoverySettings.parseResolver("127.0.0.1:0")).hasMessageContaining("is not IP:PORT");
    }

    @Test
    void dnssecPolicyShouldParseItsConfigNames() {
        assertThat(DnssecPolicy.parse(" Require ")).isEqualTo(DnssecPolicy.REQUIRE);
        assertThatThrownBy(() -> DnssecPolicy.parse("yes"))
            .hasMessage("'yes' is not a DNSSEC policy; allowed: require, prefer, off");
    }
}
