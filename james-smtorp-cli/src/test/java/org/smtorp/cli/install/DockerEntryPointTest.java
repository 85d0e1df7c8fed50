/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.apache.commons.configuration2.XMLConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.lab.james.JamesSampleConfiguration;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * docker/smtorp-entrypoint.sh run against a copy of the official image's {@code /root} layout
 * (the memory app's sample configuration with its docker-configuration over it, Jib's
 * class-path and main-class files), with {@code SMTORP_NO_EXEC=1} in place of starting James:
 * what it merged is read back with James's own configuration classes.
 */
class DockerEntryPointTest {
    private static final Path ENTRY_POINT = Path.of("..", "docker", "smtorp-entrypoint.sh");

    @TempDir
    Path dir;
    private Path root;
    private Path cli;
    private Path jars;

    @BeforeEach
    void imageLayout() throws IOException {
        root = dir.resolve("root");
        JamesSampleConfiguration.MEMORY.copyTo(root.resolve("conf"));
        try (InputStream docker = DockerEntryPointTest.class.getResourceAsStream(
                "memory-docker-configuration/webadmin.properties")) {
            Files.write(root.resolve("conf/webadmin.properties"), docker.readAllBytes());
        }
        Files.writeString(root.resolve("jib-classpath-file"), "/root/resources:/root/classes:/root/libs/james.jar\n");
        Files.writeString(root.resolve("jib-main-class-file"), "org.apache.james.MemoryJamesServerMain\n");
        Files.createDirectories(root.resolve("extensions-jars"));
        jars = Files.createDirectories(dir.resolve("opt-smtorp-extensions-jars"));
        Files.writeString(jars.resolve("james-smtorp-extension-0.1.0-SNAPSHOT.jar"), "jar");
        // The image's /usr/local/bin/smtorp, on this test's class path.
        cli = dir.resolve("smtorp");
        Files.writeString(cli, "#!/bin/sh\nexec '" + Paths.get(System.getProperty("java.home"), "bin", "java")
            + "' -cp '" + System.getProperty("java.class.path") + "' org.smtorp.cli.SmtorpCommand \"$@\"\n");
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void entryPointShouldInstallSmtorpIntoTheImagesJames() throws Exception {
        String output = runEntryPoint();

        ServerIdentity identity = ServerIdentity.load(root.resolve("var/smtorp/identity"));
        XMLConfiguration servers = JamesReads.xml(root.resolve("conf/smtpserver.xml"));
        assertThat(servers.getStringArray("smtpserver.jmxName")).endsWith("smtpserver-onion");
        assertThat(servers.getString("smtpserver(3).helloName")).isEqualTo(identity.onion().asString());
        // The leak of issue 14: in the image, mail to .onion reached the stock RemoteDelivery.
        assertThat(JamesReads.mailets(JamesReads.xml(root.resolve("conf/mailetcontainer.xml")), "relay"))
            .containsSubsequence("org.smtorp.mailets.delivery.OnionRemoteDelivery", "RemoteDelivery");
        assertThat(JamesReads.xml(root.resolve("conf/logback.xml")).getStringArray("logger[@name]")).contains("org.smtorp");
        assertThat(Files.readString(root.resolve("conf/webadmin.properties")))
            .contains("extensions.routes=org.smtorp.extension.webadmin.SmtorpRoutes");
        assertThat(root.resolve("conf/smtorp.properties")).hasContent(ShippedConf.text("smtorp.properties"));
        assertThat(root.resolve("extensions-jars/james-smtorp-extension-0.1.0-SNAPSHOT.jar")).exists();
        assertThat(output).contains("SMTorP installed for " + identity.onion().asString());
    }

    @Test
    void entryPointShouldChangeNothingAtTheNextStart() throws Exception {
        runEntryPoint();

        assertThat(runEntryPoint()).contains("Nothing to change");
    }

    private String runEntryPoint() throws IOException, InterruptedException {
        Path output = dir.resolve("entrypoint.out");
        ProcessBuilder builder = new ProcessBuilder("sh", ENTRY_POINT.toString())
            .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("SMTORP_JAMES_HOME", root.toString());
        builder.environment().put("SMTORP_CLI", cli.toString());
        builder.environment().put("SMTORP_JARS", jars.toString());
        builder.environment().put("SMTORP_NO_EXEC", "1");
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }
}
