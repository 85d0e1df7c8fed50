/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.apache.commons.configuration2.BaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.mailets.node.NodeSettings;
import org.smtorp.extension.tor.ControlAuthentication;
import org.smtorp.extension.tor.OnionServiceDefenses;
import org.smtorp.extension.tor.TorMode;

class SmtorpConfigurationTest {
    private static final Path ROOT = Paths.get("/opt/james");

    private static SmtorpConfiguration read(Map<String, String> properties) {
        BaseConfiguration configuration = new BaseConfiguration();
        properties.forEach(configuration::addProperty);
        return SmtorpConfiguration.from(configuration, ROOT);
    }

    @Test
    void defaultsShouldBeManagedTorOnLoopback() {
        SmtorpConfiguration configuration = read(Map.of());

        assertThat(configuration.mode()).isEqualTo(TorMode.MANAGED);
        assertThat(configuration.identityDirectory()).isEqualTo(ROOT.resolve("var/smtorp/identity"));
        assertThat(configuration.virtualPort()).isEqualTo(25);
        assertThat(configuration.target()).isEqualTo(new InetSocketAddress("127.0.0.1", 2525));
        assertThat(configuration.socks().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void torsDefencesShouldBeOnByDefault() {
        assertThat(read(Map.of()).defenses()).isEqualTo(OnionServiceDefenses.defaults());
    }

    @Test
    void torsDefencesShouldBeReadFromTheirKeys() {
        SmtorpConfiguration configuration = read(Map.of("onion.maxStreams", "0", "onion.maxStreamsCloseCircuit",
            "false", "onion.pow.enabled", "true", "onion.pow.queueRate", "100", "onion.pow.queueBurst", "400"));

        assertThat(configuration.defenses()).isEqualTo(
            OnionServiceDefenses.of(0, false, true, OptionalInt.of(100), OptionalInt.of(400)));
    }

    @Test
    void proofOfWorkShouldBeTurnedOffByItsKey() {
        assertThat(read(Map.of("onion.pow.enabled", "false")).defenses().hasProofOfWork()).isFalse();
    }

    @Test
    void maxStreamsShouldBeRefusedOutOfTorsRange() {
        assertThatThrownBy(() -> read(Map.of("onion.maxStreams", "65536")))
            .hasMessage("smtorp.properties: onion.maxStreams: '65536' is not a whole number from 0 to 65535");
    }

    @Test
    void announcedAddressesShouldBeKeptUnderVarByDefault() {
        assertThat(read(Map.of()).announcedDirectory()).isEqualTo(ROOT.resolve("var/smtorp/announced"));
        assertThat(read(Map.of("announce.directory", "/srv/announced")).announcedDirectory())
            .isEqualTo(Paths.get("/srv/announced"));
    }

    @Test
    void relativePathsShouldBeRelativeToTheWorkingDirectory() {
        assertThat(read(Map.of("identity.directory", "conf/id")).identityDirectory()).isEqualTo(ROOT.resolve("conf/id"));
    }

    @Test
    void absolutePathsShouldStayAsTheyAre() {
        assertThat(read(Map.of("tor.dataDirectory", "/var/lib/smtorp")).dataDirectory())
            .isEqualTo(Paths.get("/var/lib/smtorp"));
    }

    @Test
    void modeShouldBeRefusedWithTheAllowedValues() {
        assertThatThrownBy(() -> read(Map.of("tor.mode", "auto")))
            .hasMessage("smtorp.properties: tor.mode: 'auto' is not a tor mode; use one of managed, attach, static, none");
    }

    @Test
    void targetShouldBeRefusedWhenNotLoopback() {
        assertThatThrownBy(() -> read(Map.of("onion.target", "0.0.0.0:2525")))
            .hasMessage("smtorp.properties: onion.target: '0.0.0.0:2525' is not a loopback IP address (127.0.0.0/8 or ::1)");
    }

    @Test
    void aManagedTorsSocksPortShouldDefaultTo9060() {
        assertThat(read(Map.of()).socks()).isEqualTo(new InetSocketAddress("127.0.0.1", 9060));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "static", "attach"})
    void theSocksPortOfATorThatRunsAlreadyShouldDefaultToTors9050(String mode) {
        Map<String, String> properties = new HashMap<>(Map.of("tor.mode", mode, "tor.hiddenServiceDirectory", "hs",
            "tor.control", "127.0.0.1:9051", "tor.control.password", "secret"));

        assertThat(read(properties).socks()).isEqualTo(new InetSocketAddress("127.0.0.1", 9050));
    }

    @ParameterizedTest
    @ValueSource(strings = {"managed", "none", "static", "attach"})
    void socksShouldBeReadInEveryMode(String mode) {
        Map<String, String> properties = new HashMap<>(Map.of("tor.mode", mode, "tor.hiddenServiceDirectory", "hs",
            "tor.control", "127.0.0.1:9051", "tor.control.password", "secret", "tor.socks", "127.0.0.1:9150"));

        assertThat(read(properties).socks()).isEqualTo(new InetSocketAddress("127.0.0.1", 9150));
    }

    @Test
    void pinsShouldBeKeptUnderVarByDefault() {
        assertThat(read(Map.of()).pinDirectory()).isEqualTo(ROOT.resolve("var/smtorp/pins"));
        assertThat(read(Map.of("pins.directory", "/srv/smtorp/pins")).pinDirectory())
            .isEqualTo(Paths.get("/srv/smtorp/pins"));
    }

    @Test
    void nodeSettingsShouldBeTheIdentitySocksPortAndPinsOfThisFile() {
        SmtorpConfiguration configuration = read(Map.of("tor.mode", "none", "identity.directory", "/srv/identity",
            "tor.socks", "127.0.0.1:9150", "pins.directory", "pins"));

        assertThat(configuration.nodeSettings()).isEqualTo(NodeSettings.of(Paths.get("/srv/identity"),
            new InetSocketAddress("127.0.0.1", 9150), ROOT.resolve("pins")));
    }

    @Test
    void socksShouldBeRefusedWithoutAPort() {
        assertThatThrownBy(() -> read(Map.of("tor.socks", "127.0.0.1")))
            .hasMessage("smtorp.properties: tor.socks: '127.0.0.1' is not HOST:PORT");
    }

    @Test
    void virtualPortShouldBeRefusedOutOfRange() {
        assertThatThrownBy(() -> read(Map.of("onion.virtualPort", "70000")))
            .hasMessage("smtorp.properties: onion.virtualPort: '70000' is not a port number (1-65535)");
    }

    @Test
    void attachShouldRequireAControlPort() {
        assertThatThrownBy(() -> read(Map.of("tor.mode", "attach", "tor.control.password", "x")))
            .hasMessage("smtorp.properties: tor.control: is required in tor mode attach");
    }

    @Test
    void attachShouldRequireExactlyOneAuthentication() {
        assertThatThrownBy(() -> read(Map.of("tor.mode", "attach", "tor.control", "127.0.0.1:9051")))
            .hasMessageContaining("give exactly one of tor.control.cookieFile and tor.control.password");
    }

    @Test
    void attachShouldReadACookieFileRelativeToTheWorkingDirectory() {
        SmtorpConfiguration configuration = read(Map.of("tor.mode", "attach", "tor.control", "127.0.0.1:9051",
            "tor.control.cookieFile", "var/tor/cookie"));

        assertThat(configuration.controlAuthentication())
            .contains(ControlAuthentication.cookie(ROOT.resolve("var/tor/cookie")));
    }

    @Test
    void staticShouldRequireTheHiddenServiceDirectory() {
        assertThatThrownBy(() -> read(Map.of("tor.mode", "static")))
            .hasMessage("smtorp.properties: tor.hiddenServiceDirectory: is required in tor mode static");
    }

    @Test
    void passwordShouldNotShowInToString() {
        SmtorpConfiguration configuration = read(Map.of("tor.mode", "attach", "tor.control", "127.0.0.1:9051",
            "tor.control.password", "s3cret"));

        assertThat(configuration.controlAuthentication().orElseThrow().toString()).doesNotContain("s3cret");
        assertThat(configuration.toString()).doesNotContain("s3cret");
    }

    @Test
    void dnsDiscoveryShouldBeOffByDefault() {
        assertThat(read(Map.of()).dnsDiscovery()).isEmpty();
    }

    @Test
    void dnsDiscoveryShouldReadItsSettings() throws Exception {
        Path anchor = java.nio.file.Files.createTempFile("anchor", ".ds");
        try {
            SmtorpConfiguration configuration = read(Map.of("discovery.dns.enabled", "true",
                "discovery.dns.resolver", "127.0.0.1:5353", "discovery.dns.dnssec", "require",
                "discovery.dns.trustAnchor", anchor.toString(), "discovery.dns.timeout", "3 seconds",
                "discovery.dns.cacheSize", "100"));

            assertThat(configuration.dnsDiscovery()).contains(org.smtorp.protocol.discovery.DiscoverySettings.of(
                java.util.Optional.of(new InetSocketAddress("127.0.0.1", 5353)),
                org.smtorp.protocol.discovery.DnssecPolicy.REQUIRE, java.util.Optional.of(anchor),
                java.time.Duration.ofSeconds(3)));
            assertThat(configuration.dnsCacheSize()).isEqualTo(100);
        } finally {
            java.nio.file.Files.delete(anchor);
        }
    }

    @Test
    void requireShouldBeRefusedWithoutTrustAnchor() {
        assertThatThrownBy(() -> read(Map.of("discovery.dns.enabled", "true")))
            .hasMessage("smtorp.properties: discovery.dns.dnssec: dnssec require needs a trust anchor: nothing "
                + "validates without one");
    }

    @Test
    void aMissingTrustAnchorFileShouldBeRefused() {
        assertThatThrownBy(() -> read(Map.of("discovery.dns.enabled", "true", "discovery.dns.trustAnchor", "conf/none.ds")))
            .hasMessage("smtorp.properties: discovery.dns.trustAnchor: /opt/james/conf/none.ds is not a readable file");
    }

    @Test
    void aResolverNameShouldBeRefused() {
        assertThatThrownBy(() -> read(Map.of("discovery.dns.enabled", "true", "discovery.dns.dnssec", "off",
            "discovery.dns.resolver", "dns.example:53")))
            .hasMessage("smtorp.properties: discovery.dns.resolver: 'dns.example:53' is not IP:PORT (an address "
                + "literal, e.g. 127.0.0.1:53 or [::1]:53)");
    }

    @Test
    void anUnknownDnssecPolicyShouldBeRefusedWithTheAllowedValues() {
        assertThatThrownBy(() -> read(Map.of("discovery.dns.enabled", "true", "discovery.dns.dnssec", "strict")))
            .hasMessage("smtorp.properties: discovery.dns.dnssec: 'strict' is not a DNSSEC policy; allowed: require, "
                + "prefer, off");
    }

    @Test
    void enabledShouldBeTrueOrFalse() {
        assertThatThrownBy(() -> read(Map.of("discovery.dns.enabled", "yes")))
            .hasMessage("smtorp.properties: discovery.dns.enabled: 'yes' is neither true nor false");
    }
}
