/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.cli.CommandRun;
import org.smtorp.lab.james.JamesSampleConfiguration;

/** {@code smtorp install} as an administrator runs it, on a copy of James's memory sample configuration. */
class InstallCommandTest {
    @TempDir
    Path dir;
    private Path home;
    private Path jars;

    @BeforeEach
    void jamesHome() throws IOException {
        home = dir.resolve("james");
        JamesSampleConfiguration.MEMORY.copyTo(home.resolve("conf"));
        jars = Files.createDirectories(dir.resolve("drop-in"));
        Files.writeString(jars.resolve("james-smtorp-extension-0.2.0.jar"), "new");
        Files.writeString(jars.resolve("jtorctl-0.5.jar"), "library");
    }

    @Test
    void installShouldSayNothingChangesTheSecondTime() {
        CommandRun first = install();
        CommandRun second = install();

        assertThat(first.exitCode).as(first.err).isZero();
        assertThat(first.out).contains("conf/smtpserver.xml: added the onion listener");
        assertThat(second.exitCode).isZero();
        assertThat(second.out).isEqualTo("Nothing to change: SMTorP is installed in " + home + " already.\n");
    }

    @Test
    void dryRunShouldPrintTheChangesAndWriteNothing() throws IOException {
        Map<Path, byte[]> before = InstallerSampleTest.snapshot(dir);

        CommandRun run = install("--dry-run");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("Would change in " + home, "+             <mailet match=\"org.smtorp.mailets."
            + "matchers.HasTorRoute\"", "+         <logger name=\"org.smtorp\" level=\"INFO\" />",
            "would make the SMTorP identity", "Nothing written (--dry-run).");
        assertThat(InstallerSampleTest.snapshot(dir).keySet()).isEqualTo(before.keySet());
    }

    @Test
    void dryRunShouldNeverShowTheKeyStoreSecret() throws IOException {
        install();
        Files.writeString(home.resolve("conf/smtpserver.xml"), JamesSampleConfiguration.MEMORY.text("smtpserver.xml"));
        String secret = Files.readString(home.resolve("var/smtorp/identity/tls/keystore.password")).trim();

        CommandRun run = install("--dry-run");

        assertThat(run.out).contains("<secret>(secret)</secret>").doesNotContain(secret);
    }

    @Test
    void installShouldRefuseAFileThatIsNotJamessAndWriteNothing() throws IOException {
        Files.writeString(home.resolve("conf/smtpserver.xml"), "<?xml version=\"1.0\"?>\n<servers/>\n");
        Map<Path, byte[]> before = InstallerSampleTest.snapshot(dir);

        CommandRun run = install();

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("install: smtpserver.xml is not James's: its root element is <servers>, not"
            + " <smtpservers>; nothing was written");
        assertThat(InstallerSampleTest.snapshot(dir)).containsOnlyKeys(before.keySet().toArray(new Path[0]));
        assertThat(home.resolve("var")).doesNotExist();
    }

    @Test
    void installShouldRefuseAMailetContainerWithoutRelayAndWriteNothing() throws IOException {
        Files.writeString(home.resolve("conf/mailetcontainer.xml"), JamesSampleConfiguration.MEMORY
            .text("mailetcontainer.xml").replace("state=\"relay\"", "state=\"outbound\""));
        Map<Path, byte[]> before = InstallerSampleTest.snapshot(dir);

        CommandRun run = install();

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("mailetcontainer.xml has no <processor state=\"relay\">");
        assertThat(InstallerSampleTest.snapshot(dir)).containsOnlyKeys(before.keySet().toArray(new Path[0]));
    }

    @Test
    void installShouldRefuseAHomeWithoutConf() {
        CommandRun run = CommandRun.of("install", dir.resolve("nothing").toString(), "--jars", jars.toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("is not a James home: it has no conf/ directory; nothing was written");
    }

    @Test
    void installShouldMoveOlderVersionsOfOurJarsOutOfExtensionsJars() throws IOException {
        Path extensions = Files.createDirectories(home.resolve("extensions-jars"));
        Files.writeString(extensions.resolve("james-smtorp-extension-0.1.0-SNAPSHOT.jar"), "old");
        Files.writeString(extensions.resolve("jtorctl-0.4.jar"), "someone's");

        CommandRun run = install();

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(extensions.resolve("james-smtorp-extension-0.2.0.jar")).hasContent("new");
        // James loads every file under extensions-jars/: the old jar must leave it, not be renamed in it.
        assertThat(extensions.resolve("james-smtorp-extension-0.1.0-SNAPSHOT.jar")).doesNotExist();
        assertThat(Files.list(home).filter(path -> path.getFileName().toString()
            .startsWith("extensions-jars.smtorp-backup-")).findFirst().orElseThrow()
            .resolve("james-smtorp-extension-0.1.0-SNAPSHOT.jar")).hasContent("old");
        // Another version of a library we ship may be another extension's: named, left in place.
        assertThat(extensions.resolve("jtorctl-0.4.jar")).exists();
        assertThat(run.out).contains("note: extensions-jars/jtorctl-0.4.jar is another version of jtorctl-0.5.jar");
    }

    @Test
    void setShouldWriteTheKeysIntoSmtorpProperties() throws IOException {
        CommandRun run = install("--set", "tor.mode=attach", "--set", "onion.target=127.0.0.1:2600");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(Files.readString(home.resolve("conf/smtorp.properties"))).contains("\ntor.mode=attach\n",
            "\nonion.target=127.0.0.1:2600\n");
        assertThat(Files.readString(home.resolve("conf/smtpserver.xml"))).contains("<bind>127.0.0.1:2600</bind>");
    }

    private CommandRun install(String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "install";
        args[1] = home.toString();
        args[2] = "--jars";
        args[3] = jars.toString();
        System.arraycopy(options, 0, args, 4, options.length);
        return CommandRun.of(args);
    }
}
