/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;

import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.OnionAddress;

class ValuesTest {
    private static final OnionAddress ONION =
        OnionAddress.parse("pumnvnkzl4anbwkts6wdj6rjwfno2djwiukkq222zu3dkd2yjtumbjyd.onion");

    @Test
    void onionServiceShouldBeAValue() {
        EqualsVerifier.forClass(OnionService.class).withNonnullFields("onion", "directory").verify();
    }

    @Test
    void controlEndpointShouldBeAValue() {
        EqualsVerifier.forClass(ControlEndpoint.class).withNonnullFields("cookieFile").verify();
    }

    @Test
    void startupTimingsShouldBeAValue() {
        EqualsVerifier.forClass(StartupTimings.class)
            .withNonnullFields("keys", "launched", "consensus", "clientBootstrapped", "onionHostBootstrapped").verify();
    }

    @Test
    void torNetworkConfigurationShouldBeAValue() {
        EqualsVerifier.forClass(TorNetworkConfiguration.class)
            .withNonnullFields("workDirectory", "keyCache", "phaseTimeout").verify();
    }

    @Test
    void onionServiceShouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> OnionService.of(ONION, 0, 2525, Optional.empty()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("port 0 is not in 1-65535");
    }

    @Test
    void onionServiceShouldGiveTheSocksPortAnUnresolvedName() {
        OnionService service = OnionService.of(ONION, 25, 2525, Optional.empty());

        assertThat(service.socksAddress().isUnresolved()).isTrue();
        assertThat(service.socksAddress().getHostString()).isEqualTo(ONION.asString());
        assertThat(service.socksAddress().getPort()).isEqualTo(25);
    }

    @Test
    void torNetworkConfigurationShouldRejectAZeroPhaseTimeout() {
        TorNetworkConfiguration configuration = TorNetworkConfiguration.of(Paths.get("work"), Paths.get("keys"));

        assertThatThrownBy(() -> configuration.withPhaseTimeout(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("phase timeout");
    }
}
