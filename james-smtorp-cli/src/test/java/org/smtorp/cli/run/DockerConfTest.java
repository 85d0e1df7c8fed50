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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.smtorp.cli.install.PropertiesText;

/**
 * docker/ has no engine here to test it, so its files are checked against what run
 * generates: the same shipped smtorp.properties with the image's values, and an entry point
 * that fills every placeholder of the shipped onion listener.
 */
class DockerConfTest {
    private static final Path DOCKER = Path.of("..", "docker");
    private static final String IDENTITY = "/root/var/smtorp/identity";

    @Test
    void managedPropertiesShouldBeTheShippedFileWithTheImagesPaths() throws IOException {
        Map<String, String> values = common("managed");
        values.put("tor.binary", "/usr/bin/tor");
        values.put("tor.dataDirectory", "/root/var/smtorp/tor");
        values.put("tor.socks", "127.0.0.1:9060");

        assertThat(Files.readString(DOCKER.resolve("conf/smtorp.properties")))
            .isEqualTo(PropertiesText.set(JamesConf.shipped("smtorp.properties"), values));
    }

    @Test
    void attachPropertiesShouldPointAtTheSidecarsControlPortAndCookie() throws IOException {
        Map<String, String> values = common("attach");
        values.put("tor.control", "127.0.0.1:9051");
        values.put("tor.control.cookieFile", "/run/tor-control/control_auth_cookie");

        assertThat(Files.readString(DOCKER.resolve("conf/smtorp-attach.properties")))
            .isEqualTo(PropertiesText.set(JamesConf.shipped("smtorp.properties"), values));
        assertThat(Files.readString(DOCKER.resolve("tor/torrc")))
            .contains("ControlPort 127.0.0.1:9051\n", "CookieAuthFile /run/tor-control/control_auth_cookie\n");
    }

    @Test
    void entryPointShouldFillEveryPlaceholderOfTheOnionListener() throws IOException {
        String entryPoint = Files.readString(DOCKER.resolve("smtorp-entrypoint.sh"));
        String onion = JamesConf.shipped("smtpserver-onion.xml");
        Matcher placeholder = Pattern.compile("\\{\\{[A-Za-z0-9_.-]+}}")
            .matcher(onion.substring(onion.indexOf("<smtpserver enabled=\"true\">")));
        while (placeholder.find()) {
            assertThat(entryPoint).contains("s|" + placeholder.group() + "|");
        }
        assertThat(entryPoint).contains("s|{{onion.port}}|2525|g")
            .contains("s|{{onion.keystore}}|$identity/tls/keystore.p12|g");
    }

    private static Map<String, String> common(String mode) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("tor.mode", mode);
        values.put("identity.directory", IDENTITY);
        values.put("onion.target", "127.0.0.1:2525");
        return values;
    }
}
