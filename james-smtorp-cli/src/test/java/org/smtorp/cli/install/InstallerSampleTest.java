/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.smtorp.lab.james.JamesSampleConfiguration;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Install against James 3.8.1's own sample configurations of the memory, JPA and distributed
 * apps (copied as James ships them): what it wrote is read back with James's own configuration
 * classes, and every line of James's files is still there.
 */
class InstallerSampleTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JamesSampleConfiguration.class)
    void installShouldAddTheOnionListenerAfterJamessOwnListeners(JamesSampleConfiguration sample) throws IOException {
        Path home = install(sample);
        ServerIdentity identity = ServerIdentity.load(home.resolve("var/smtorp/identity"));

        XMLConfiguration servers = JamesReads.xml(home.resolve("conf/smtpserver.xml"));
        List<HierarchicalConfiguration<ImmutableNode>> listeners = servers.configurationsAt("smtpserver");
        HierarchicalConfiguration<ImmutableNode> onion = listeners.get(listeners.size() - 1);

        assertThat(listeners).hasSize(4);
        assertThat(onion.getString("jmxName")).isEqualTo("smtpserver-onion");
        assertThat(onion.getString("bind")).isEqualTo("127.0.0.1:2525");
        assertThat(onion.getString("helloName")).isEqualTo(identity.onion().asString());
        assertThat(onion.getString("tls.keystore")).isEqualTo("file://" + identity.keyStoreFile().toAbsolutePath());
        assertThat(onion.getString("tls.secret")).isEqualTo(new String(identity.keyStorePassword()));
        assertThat(onion.getList(String.class, "authorizedAddresses", List.of())).isEmpty();
        assertThat(onion.getStringArray("handlerchain.handler[@class]"))
            .startsWith("org.smtorp.protocol.smtp.ConnectionDeadlineHandler")
            .endsWith("org.apache.james.smtpserver.CoreCmdHandlerLoader");
        assertThat(Files.getPosixFilePermissions(home.resolve("conf/smtpserver.xml")))
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @ParameterizedTest
    @EnumSource(JamesSampleConfiguration.class)
    void installShouldPutOnionDeliveryBeforeRemoteDeliveryInRelay(JamesSampleConfiguration sample) throws IOException {
        Path home = install(sample);

        XMLConfiguration container = JamesReads.xml(home.resolve("conf/mailetcontainer.xml"));

        assertThat(JamesReads.mailets(container, "relay")).containsExactly(
            "org.smtorp.mailets.announce.AddSmtorpAddress", "org.smtorp.mailets.guards.MixedRecipientGuard",
            "org.smtorp.mailets.delivery.OnionRemoteDelivery", "RemoteDelivery");
        HierarchicalConfiguration<ImmutableNode> delivery = container.configurationsAt("processors.processor").stream()
            .filter(processor -> "relay".equals(processor.getString("[@state]"))).findFirst().orElseThrow()
            .configurationsAt("mailet").get(2);
        assertThat(delivery.getString("[@match]")).isEqualTo("org.smtorp.mailets.matchers.HasTorRoute");
        assertThat(delivery.getString("legacyProcessor")).isEqualTo("relay");
    }

    @ParameterizedTest
    @EnumSource(JamesSampleConfiguration.class)
    void installShouldRecordAnnouncementsRightBeforeLocalDelivery(JamesSampleConfiguration sample) throws IOException {
        Path home = install(sample);

        XMLConfiguration container = JamesReads.xml(home.resolve("conf/mailetcontainer.xml"));
        // The JPA sample delivers locally in transport; the others in local-delivery.
        String state = sample == JamesSampleConfiguration.JPA ? "transport" : "local-delivery";
        List<String> mailets = JamesReads.mailets(container, state);

        assertThat(mailets.indexOf("org.smtorp.mailets.announce.RecordSmtorpAddress"))
            .isEqualTo(mailets.indexOf("LocalDelivery") - 1).isNotNegative();
    }

    @ParameterizedTest
    @EnumSource(JamesSampleConfiguration.class)
    void installShouldKeepEveryLineOfJamessFiles(JamesSampleConfiguration sample) throws IOException {
        Path home = install(sample);

        for (String name : List.of("smtpserver.xml", "mailetcontainer.xml", "logback.xml", "domainlist.xml",
                "extensions.properties", "healthcheck.properties", "webadmin.properties")) {
            List<String> before = Arrays.asList(sample.text(name).split("\n", -1));
            List<String> after = Arrays.asList(Files.readString(home.resolve("conf/" + name)).split("\n", -1));
            List<String> changedKeys = List.of("guice.extension.module=", "guice.extension.startable=",
                "additional.healthchecks=", "extensions.routes=");
            assertThat(inOrder(before.stream().filter(line -> changedKeys.stream().noneMatch(line::startsWith))
                .collect(Collectors.toList()), after)).as(name).isTrue();
            assertThat(home.resolve("conf/" + name + Backups.SUFFIX + "20260102-030405")).as(name)
                .hasContent(sample.text(name));
        }
    }

    @ParameterizedTest
    @EnumSource(JamesSampleConfiguration.class)
    void installShouldMergeTheExtensionKeysAndShowOurLogs(JamesSampleConfiguration sample) throws IOException {
        Path home = install(sample);
        ServerIdentity identity = ServerIdentity.load(home.resolve("var/smtorp/identity"));

        assertThat(properties(home, "extensions.properties")).containsEntry("guice.extension.module",
            "org.smtorp.extension.SmtorpModule").containsEntry("guice.extension.startable",
            "org.smtorp.extension.SmtorpStartable");
        assertThat(properties(home, "healthcheck.properties")).containsEntry("additional.healthchecks",
            "org.smtorp.extension.health.OnionServiceHealthCheck");
        assertThat(properties(home, "webadmin.properties")).containsEntry("extensions.routes",
            "org.smtorp.extension.webadmin.SmtorpRoutes").containsEntry("enabled", "true");
        XMLConfiguration logback = JamesReads.xml(home.resolve("conf/logback.xml"));
        assertThat(logback.getStringArray("logger[@name]")).contains("org.apache.james", "org.smtorp");
        assertThat(logback.getString("logger(" + (logback.getStringArray("logger[@name]").length - 1) + ")[@level]"))
            .isEqualTo("INFO");
        assertThat(JamesReads.xml(home.resolve("conf/domainlist.xml")).getStringArray("domainnames.domainname"))
            .containsExactly(identity.onion().asString());
        assertThat(home.resolve("conf/smtorp.properties")).hasContent(ShippedConf.text("smtorp.properties"));
    }

    @ParameterizedTest
    @EnumSource(JamesSampleConfiguration.class)
    void secondInstallShouldChangeNoByte(JamesSampleConfiguration sample) throws IOException {
        Path home = install(sample);
        Map<Path, byte[]> before = snapshot(home);

        InstallPlan again = Installer.of(home, jars(), Map.of()).plan(true);
        again.apply(NOW.plusSeconds(60));

        assertThat(again.changes()).isEmpty();
        assertThat(snapshot(home)).containsOnlyKeys(before.keySet().toArray(new Path[0]))
            .allSatisfy((file, bytes) -> assertThat(bytes).as(file.toString()).isEqualTo(before.get(file)));
    }

    private Path install(JamesSampleConfiguration sample) throws IOException {
        Path home = dir.resolve(sample.name());
        sample.copyTo(home.resolve("conf"));
        Installer.of(home, jars(), Map.of()).plan(true).apply(NOW);
        return home;
    }

    private Path jars() throws IOException {
        Path jars = Files.createDirectories(dir.resolve("drop-in"));
        Files.writeString(jars.resolve("james-smtorp-extension-0.1.0-SNAPSHOT.jar"), "not a real jar");
        return jars;
    }

    private static Properties properties(Path home, String name) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(home.resolve("conf/" + name))));
        return properties;
    }

    private static boolean inOrder(List<String> expected, List<String> actual) {
        int at = 0;
        for (String line : actual) {
            if (at < expected.size() && expected.get(at).equals(line)) {
                at++;
            }
        }
        return at == expected.size();
    }

    static Map<Path, byte[]> snapshot(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            Map<Path, byte[]> bytes = new java.util.TreeMap<>();
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                bytes.put(root.relativize(file), Files.readAllBytes(file));
            }
            return bytes;
        }
    }

    static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    static List<String> lines(String text) {
        return new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    }
}
