/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import nl.jqno.equalsverifier.EqualsVerifier;

class NodeSettingsTest {
    private static final Path IDENTITY = Path.of("/james/var/smtorp/identity");
    private static final Path PINS = Path.of("/james/var/smtorp/pins");
    private static final InetSocketAddress SOCKS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9050);

    @Test
    void equalsShouldHoldForEqualSettings() {
        EqualsVerifier.forClass(NodeSettings.class).withNonnullFields("identityDirectory", "socks", "pinDirectory")
            .verify();
    }

    @Test
    void ofShouldNormalizeThePaths() {
        NodeSettings settings = NodeSettings.of(Path.of("/james/./var/smtorp/identity"), SOCKS,
            Path.of("/james/var/../var/smtorp/pins"));

        assertThat(settings.identityDirectory()).isEqualTo(IDENTITY);
        assertThat(settings.pinDirectory()).isEqualTo(PINS);
    }

    @Test
    void ofShouldRefuseARelativeIdentityDirectoryNamingTheKey() {
        assertThatThrownBy(() -> NodeSettings.of(Path.of("var/smtorp/identity"), SOCKS, PINS))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("identity.directory var/smtorp/identity is not an absolute path");
    }

    @Test
    void ofShouldRefuseARelativePinDirectoryNamingTheKey() {
        assertThatThrownBy(() -> NodeSettings.of(IDENTITY, SOCKS, Path.of("pins")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("pins.directory pins is not an absolute path");
    }

    @Test
    void ofShouldRefuseASocksPortOffLoopback() throws Exception {
        InetSocketAddress elsewhere = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 5}), 9050);

        assertThatThrownBy(() -> NodeSettings.of(IDENTITY, elsewhere, PINS))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("tor.socks");
    }

    @Test
    void ofShouldRefuseAnUnresolvedSocksHost() {
        assertThatThrownBy(() -> NodeSettings.of(IDENTITY, InetSocketAddress.createUnresolved("localhost", 9050), PINS))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("tor.socks");
    }

    @Test
    void socksAsStringShouldBeWrittenAsTorSocksIs() throws Exception {
        InetSocketAddress ipv6 = new InetSocketAddress(InetAddress.getByName("::1"), 9060);

        assertThat(NodeSettings.of(IDENTITY, SOCKS, PINS).socksAsString()).isEqualTo("127.0.0.1:9050");
        assertThat(NodeSettings.of(IDENTITY, ipv6, PINS).socksAsString()).isEqualTo("[0:0:0:0:0:0:0:1]:9060");
    }
}
