/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smtorp.cli.install.PropertiesText;

/**
 * docker/ has no engine here to test it, so its files are checked against the shipped ones:
 * the sidecar variant of smtorp.properties is the shipped file with the sidecar's control port
 * and cookie (the managed image writes the shipped file itself, through smtorp install).
 */
class DockerConfTest {
    private static final Path DOCKER = Path.of("..", "docker");

    @Test
    void attachPropertiesShouldPointAtTheSidecarsControlPortCookieAndSocksPort() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("tor.mode", "attach");
        // The sidecar's SOCKS port: onion delivery goes through the tor that runs beside James.
        values.put("tor.socks", "127.0.0.1:9060");
        values.put("tor.control", "127.0.0.1:9051");
        values.put("tor.control.cookieFile", "/run/tor-control/control_auth_cookie");

        assertThat(Files.readString(DOCKER.resolve("conf/smtorp-attach.properties")))
            .isEqualTo(PropertiesText.set(JamesConf.shipped("smtorp.properties"), values));
        assertThat(Files.readString(DOCKER.resolve("tor/torrc")))
            .contains("ControlPort 127.0.0.1:9051\n", "CookieAuthFile /run/tor-control/control_auth_cookie\n")
            .contains("SocksPort 127.0.0.1:9060 ");
    }
}
