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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.smtorp.extension.tor.TorMode;
import org.smtorp.protocol.identity.ServerIdentity;

class JamesConfTest {
    private static final Path REPOSITORY_CONF = Path.of("..", "conf");

    @TempDir
    static Path identities;
    private static ServerIdentity identity;

    @BeforeAll
    static void makeIdentity() throws IOException {
        identity = ServerIdentity.create(identities.resolve("id"));
    }

    @Test
    void shippedShouldBeTheRepositoryConfByteForByte() throws IOException {
        for (String name : JamesConf.SHIPPED) {
            assertThat(JamesConf.shipped(name)).as(name).isEqualTo(Files.readString(REPOSITORY_CONF.resolve(name)));
        }
    }

    @Test
    void filesShouldTakeTheMergeSnippetsAsTheyAre() {
        Map<String, String> files = JamesConf.files(RunSettings.builder(Path.of("/srv/s"), TorMode.MANAGED).build(), identity, "",
            Map.of());

        assertThat(files.get("extensions.properties")).isEqualTo(JamesConf.shipped("extensions.properties"));
        assertThat(files.get("healthcheck.properties")).isEqualTo(JamesConf.shipped("healthcheck.properties"));
        assertThat(files.get("webadmin.properties")).contains("host=127.0.0.1\n")
            .endsWith(JamesConf.shipped("webadmin.properties"));
    }

    @Test
    void smtpServersShouldHoldTheShippedOnionListenerNextToTheSubmissionListener() {
        String servers = JamesConf.files(RunSettings.builder(Path.of("/srv/s"), TorMode.NONE).build(), identity, "",
            Map.of()).get("smtpserver.xml");

        assertThat(servers).contains("<jmxName>smtpserver-onion</jmxName>", "<bind>127.0.0.1:2525</bind>",
                "<helloName autodetect=\"false\">" + identity.onion().asString() + "</helloName>")
            .contains("<bind>127.0.0.1:{{submission.port}}</bind>")
            .doesNotContain("{{onion.port}}", "{{onion.secret}}", "{{onion.keystore}}");
        // Relaying for loopback only on the submission listener, never on the onion listener.
        assertThat(servers.substring(servers.indexOf("<jmxName>smtpserver-onion"))).doesNotContain("</authorizedAddresses>");
        assertThat(servers).contains("<authorizedAddresses>127.0.0.0/8</authorizedAddresses>");
    }

    @Test
    void managedModeShouldRouteOnionRecipientsThroughItsTorsSocksPort() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.MANAGED)
            .socks(Optional.of(Endpoint.of(9123))).build();

        Map<String, String> files = JamesConf.files(settings, identity, "", Map.of("delayTime", "3 seconds"));
        String container = files.get("mailetcontainer.xml");

        assertThat(container).contains("class=\"org.smtorp.mailets.delivery.OnionRemoteDelivery\"",
                "<delayTime>3 seconds</delayTime>", "<processor state=\"bounces\"",
                "<legacyProcessor>relay</legacyProcessor>");
        // James's own sample: remote delivery in relay, ours first.
        assertThat(container.indexOf("<processor state=\"relay\"")).isLessThan(container.indexOf("OnionRemoteDelivery"));
        assertThat(container.indexOf("OnionRemoteDelivery")).isLessThan(container.indexOf("class=\"RemoteDelivery\""));
        assertThat(files.get("smtorp.properties")).contains("\ntor.socks=127.0.0.1:9123\n",
            "\nidentity.directory=/srv/s\n");
    }

    @ParameterizedTest
    @EnumSource(TorMode.class)
    void everyModeShouldDeliverThroughTheSocksPortOfSmtorpPropertiesOnly(TorMode mode) {
        Map<String, String> files = JamesConf.files(settingsFor(mode), identity, "", Map.of());
        String container = files.get("mailetcontainer.xml");

        assertThat(container).contains("class=\"org.smtorp.mailets.delivery.OnionRemoteDelivery\"")
            .doesNotContain("<socksPort>", "<socksHost>", "<identityDirectory>", "<pinDirectory>", "<heloName>");
        assertThat(files.get("smtorp.properties")).contains("\ntor.socks=127.0.0.1:"
            + (mode == TorMode.MANAGED ? "9060" : "9050") + "\n");
    }

    private static RunSettings settingsFor(TorMode mode) {
        RunSettings.Builder builder = RunSettings.builder(Path.of("/srv/s"), mode);
        if (mode == TorMode.ATTACH) {
            builder.control(Optional.of(Endpoint.of(9051))).cookieFile(Optional.of(Path.of("/run/tor/cookie")));
        }
        if (mode == TorMode.STATIC) {
            builder.hiddenServiceDirectory(Optional.of(Path.of("/var/lib/tor/smtorp")));
        }
        return builder.build();
    }

    @Test
    void attachModeShouldDeliverThroughTheRunningTorsSocksPortWhenGiven() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.ATTACH)
            .control(Optional.of(Endpoint.of(9051))).cookieFile(Optional.of(Path.of("/run/tor/cookie")))
            .socks(Optional.of(Endpoint.of(9150))).build();

        assertThat(JamesConf.files(settings, identity, "", Map.of()).get("smtorp.properties"))
            .contains("\ntor.socks=127.0.0.1:9150\n");
    }

    @Test
    void pinsShouldBeKeptOutsideTheWorkingDirectoryRunRewrites() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.MANAGED).build();

        assertThat(JamesConf.files(settings, identity, "", Map.of()).get("smtorp.properties"))
            .contains("\npins.directory=/srv/s/pins\n");
    }

    @Test
    void managedModeShouldRecordAnnouncementsBeforeLocalDelivery() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.MANAGED).build();

        Map<String, String> files = JamesConf.files(settings, identity, "", Map.of());
        String container = files.get("mailetcontainer.xml");

        assertThat(container).contains("<mailet match=\"All\" class=\"org.smtorp.mailets.announce.RecordSmtorpAddress\"/>");
        assertThat(container.indexOf("RecordSmtorpAddress")).isLessThan(container.indexOf("class=\"LocalDelivery\""));
        assertThat(container.indexOf("AddSmtorpAddress")).isLessThan(container.indexOf("OnionRemoteDelivery"));
        // Outside the working directory run rewrites at each start.
        assertThat(files.get("smtorp.properties")).contains("\nannounce.directory=/srv/s/announced\n");
    }

    @Test
    void smtorpPropertiesShouldBeTheShippedFileWithRunsValues() {
        RunSettings settings = RunSettings.builder(Path.of("/srv/s"), TorMode.ATTACH)
            .control(Optional.of(Endpoint.of(9051))).cookieFile(Optional.of(Path.of("/run/tor/cookie"))).build();

        String properties = JamesConf.files(settings, identity, "", Map.of()).get("smtorp.properties");

        assertThat(properties).contains("\ntor.mode=attach\n", "\ntor.control=127.0.0.1:9051\n",
            "\ntor.control.cookieFile=/run/tor/cookie\n", "\n#tor.control.password=...\n",
            "# How James gets its onion service from tor:");
    }

    @Test
    void valuesShouldFillEveryPlaceholderOfRunsFiles(@TempDir Path dir) throws IOException {
        ServerIdentity identity = ServerIdentity.create(dir.resolve("id"));

        ServerIdentity own = ServerIdentity.create(dir.resolve("own"));
        RunSettings settings = RunSettings.builder(dir.resolve("own"), TorMode.NONE).build();

        Map<String, String> values = JamesConf.values(settings, own);

        assertThat(JamesConf.files(settings, own, "", Map.of()).values())
            .allSatisfy(file -> assertThat(values.keySet()).containsAll(placeholders(file)));
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
