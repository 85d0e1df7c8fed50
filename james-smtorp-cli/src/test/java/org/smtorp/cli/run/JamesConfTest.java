/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.extension.tor.TorMode;
import org.smtorp.protocol.identity.ServerIdentity;

class JamesConfTest {
    private static final Path REPOSITORY_CONF = Path.of("..", "conf");

    @Test
    void shippedShouldBeTheRepositoryConfByteForByte() throws IOException {
        for (String name : JamesConf.SHIPPED) {
            assertThat(JamesConf.shipped(name)).as(name).isEqualTo(Files.readString(REPOSITORY_CONF.resolve(name)));
        }
    }

    @Test
    void filesShouldTakeTheMergeSnippetsAsTheyAre() {
        Map<String, String> files = JamesConf.files(RunSettings.builder(Path.of("/srv/s"), TorMode.MANAGED).build(), "",
            Map.of());

        assertThat(files.get("extensions.properties")).isEqualTo(JamesConf.shipped("extensions.properties"));
        assertThat(files.get("healthcheck.properties")).isEqualTo(JamesConf.shipped("healthcheck.properties"));
        assertThat(files.get("webadmin.properties")).contains("host=127.0.0.1\n")
            .endsWith(JamesConf.shipped("webadmin.properties"));
    }

    @Test
    void smtpServersShouldHoldTheShippedOnionListenerNextToTheSubmissionListener() {
        String onion = JamesConf.shipped("smtpserver-onion.xml");
        String servers = JamesConf.smtpServers(onion);

        assertThat(servers).contains(onion.substring(onion.indexOf("<smtpserver enabled=\"true\">")).strip())
            .contains("<bind>127.0.0.1:{{submission.port}}</bind>")
            .doesNotContain("ONION LISTENER -->");
        // Relaying for loopback only on the submission listener, never on the onion listener.
        assertThat(servers.substring(servers.indexOf("<jmxName>smtpserver-onion"))).doesNotContain("</authorizedAddresses>");
        assertThat(servers).contains("<authorizedAddresses>127.0.0.0/8</authorizedAddresses>");
    }

    @Test
    void managedModeShouldRouteOnionRecipientsThroughItsTorsSocksPort() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.MANAGED).socks(Endpoint.of(9123)).build();

        String container = JamesConf.files(settings, "", Map.of("delayTime", "3 seconds")).get("mailetcontainer.xml");

        assertThat(container).contains("class=\"org.smtorp.mailets.delivery.OnionRemoteDelivery\"",
                "<socksPort>9123</socksPort>", "<identityDirectory>/srv/s</identityDirectory>",
                "<pinDirectory>/srv/s/pins</pinDirectory>", "<delayTime>3 seconds</delayTime>",
                "<processor state=\"bounces\"")
            .doesNotContain("ONION DELIVERY -->");
        assertThat(container.indexOf("LocalDelivery")).isLessThan(container.indexOf("OnionRemoteDelivery"));
    }

    @Test
    void managedModeShouldGiveEveryShippedMailetTheIdentity() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.MANAGED).socks(Endpoint.of(9123)).build();

        String container = JamesConf.files(settings, "", Map.of()).get("mailetcontainer.xml");

        assertThat(container).contains("class=\"org.smtorp.mailets.announce.AddSmtorpAddress\"")
            .doesNotContain("<identityDirectory>smtorp/identity</identityDirectory>");
        assertThat(container.indexOf("AddSmtorpAddress")).isLessThan(container.indexOf("OnionRemoteDelivery"));
    }

    @Test
    void managedModeShouldRecordAnnouncementsBeforeLocalDelivery() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.MANAGED).socks(Endpoint.of(9123)).build();

        Map<String, String> files = JamesConf.files(settings, "", Map.of());
        String container = files.get("mailetcontainer.xml");

        assertThat(container).contains("class=\"org.smtorp.mailets.announce.RecordSmtorpAddress\"")
            .doesNotContain("ANNOUNCEMENT RECORDING");
        String recorder = container.substring(container.indexOf("RecordSmtorpAddress"),
            container.indexOf("</mailet>", container.indexOf("RecordSmtorpAddress")));
        assertThat(recorder).contains("<identityDirectory>/srv/s</identityDirectory>", "<socksPort>9123</socksPort>",
            "<pinDirectory>/srv/s/pins</pinDirectory>");
        assertThat(container.indexOf("RecordSmtorpAddress")).isLessThan(container.indexOf("LocalDelivery"));
        // Outside the working directory run rewrites at each start.
        assertThat(files.get("smtorp.properties")).contains("\nannounce.directory=/srv/s/announced\n");
    }

    @Test
    void otherModesShouldKeepTheBaseMailetContainer() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.NONE).build();

        assertThat(JamesConf.files(settings, "", Map.of())).doesNotContainKey("mailetcontainer.xml");
    }

    @Test
    void smtorpPropertiesShouldBeTheShippedFileWithRunsValues() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.ATTACH)
            .control(Optional.of(Endpoint.of(9051))).cookieFile(Optional.of(Path.of("/run/tor/cookie"))).build();

        String properties = JamesConf.files(settings, "", Map.of()).get("smtorp.properties");

        assertThat(properties).contains("\ntor.mode=attach\n", "\ntor.control=127.0.0.1:9051\n",
            "\ntor.control.cookieFile=/run/tor/cookie\n", "\n#tor.control.password=...\n",
            "# How James gets its onion service from tor:");
    }

    @Test
    void valuesShouldFillTheOnionListenersPlaceholders(@TempDir Path dir) throws IOException {
        ServerIdentity identity = ServerIdentity.create(dir.resolve("id"));

        Map<String, String> values = JamesConf.values(RunSettings.builder(dir.resolve("id"), TorMode.NONE).build(),
            identity);

        assertThat(values).containsEntry("onion.domain", identity.onion().asString())
            .containsEntry("onion.port", "2525")
            .containsEntry("onion.keystore", identity.keyStoreFile().toAbsolutePath().toString())
            .containsEntry("onion.secret", new String(identity.keyStorePassword()));
        assertThat(JamesConf.shipped("smtpserver-onion.xml").replaceAll("(?s)^.*?<smtpserver ", ""))
            .satisfies(element -> values.keySet().containsAll(placeholders(element)));
    }

    private static java.util.Set<String> placeholders(String text) {
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}").matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
