/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.smtorp.extension.tor.TorMode;

class RunSettingsTest {
    private static final Path DIR = Path.of("/srv/smtorp");

    @Test
    void buildShouldRequireAControlPortInAttachMode() {
        assertThatThrownBy(() -> RunSettings.builder(DIR, TorMode.ATTACH).build())
            .hasMessage("--control HOST:PORT is required with --tor attach");
    }

    @Test
    void buildShouldRequireExactlyOneControlAuthentication() {
        assertThatThrownBy(() -> RunSettings.builder(DIR, TorMode.ATTACH).control(Optional.of(Endpoint.of(9051))).build())
            .hasMessageContaining("exactly one of --control-cookie FILE and --control-password-file FILE");
    }

    @Test
    void buildShouldRefuseAttachOptionsInOtherModes() {
        assertThatThrownBy(() -> RunSettings.builder(DIR, TorMode.MANAGED).control(Optional.of(Endpoint.of(9051))).build())
            .hasMessageContaining("are for --tor attach, not --tor managed");
    }

    @Test
    void buildShouldRequireTheHiddenServiceDirectoryInStaticMode() {
        assertThatThrownBy(() -> RunSettings.builder(DIR, TorMode.STATIC).build())
            .hasMessage("--hidden-service-dir DIR is required with --tor static");
    }

    @Test
    void buildShouldRefuseTwoListenersOnOnePort() {
        assertThatThrownBy(() -> RunSettings.builder(DIR, TorMode.MANAGED).submission(Endpoint.of(2525)).build())
            .hasMessage("--submission 127.0.0.1:2525 is the port of --listen already");
    }

    @Test
    void smtorpPropertiesShouldKeepTorDataOutsideJamesDirectory() {
        RunSettings settings = RunSettings.builder(DIR, TorMode.MANAGED).build();

        assertThat(settings.smtorpProperties(""))
            .containsEntry("tor.mode", "managed")
            .containsEntry("identity.directory", "/srv/smtorp")
            .containsEntry("onion.target", "127.0.0.1:2525")
            .containsEntry("tor.dataDirectory", "/srv/smtorp/tor")
            .containsEntry("tor.socks", "127.0.0.1:9060");
        assertThat(settings.jamesDirectory()).isEqualTo(Path.of("/srv/smtorp/james"));
    }

    @Test
    void smtorpPropertiesShouldCarryTheAttachSettings() {
        RunSettings settings = RunSettings.builder(DIR, TorMode.ATTACH).control(Optional.of(Endpoint.of(9051)))
            .passwordFile(Optional.of(Path.of("/run/pw"))).build();

        assertThat(settings.smtorpProperties("secret"))
            .containsEntry("tor.mode", "attach")
            .containsEntry("tor.control", "127.0.0.1:9051")
            .containsEntry("tor.control.password", "secret")
            .containsEntry("tor.socks", "127.0.0.1:9050")
            .doesNotContainKeys("tor.control.cookieFile", "tor.dataDirectory");
    }
}
