/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.cli.CommandRun;
import org.smtorp.lab.james.JamesSampleConfiguration;

/**
 * Install as an attacker or a careful administrator sees it: links in conf/, a write that fails
 * halfway, two runs in one second, root installing for James's user, secrets in --dry-run, an
 * administrator's edits to what install added.
 */
class InstallSafetyTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

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
    }

    @Test
    void installShouldRefuseAConfFileThatIsASymbolicLinkAndLeaveItsTargetAlone() throws IOException {
        Path elsewhere = dir.resolve("etc-james/mailetcontainer.xml");
        Files.createDirectories(elsewhere.getParent());
        Files.writeString(elsewhere, JamesSampleConfiguration.MEMORY.text("mailetcontainer.xml"));
        Path link = home.resolve("conf/mailetcontainer.xml");
        Files.delete(link);
        Files.createSymbolicLink(link, elsewhere);
        Map<Path, byte[]> before = InstallerSampleTest.snapshot(dir);

        CommandRun run = install();

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("conf/mailetcontainer.xml is a symbolic link (to " + elsewhere + ")",
            "nothing was written");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(InstallerSampleTest.snapshot(dir)).containsOnlyKeys(before.keySet().toArray(new Path[0]))
            .allSatisfy((file, bytes) -> assertThat(bytes).as(file.toString()).isEqualTo(before.get(file)));
        assertThat(home.resolve("var")).doesNotExist();
    }

    @Test
    void aWriteThatFailsShouldLeaveEveryFileOfTheHomeAsItWas() throws IOException {
        // extensions-jars/ cannot be made (a file has its name): the jars, written after conf/, fail.
        Files.writeString(home.resolve("extensions-jars"), "in the way");
        Map<Path, byte[]> before = InstallerSampleTest.snapshot(home.resolve("conf"));

        CommandRun run = install();

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("nothing was changed");
        assertThat(InstallerSampleTest.snapshot(home.resolve("conf")))
            .containsOnlyKeys(before.keySet().toArray(new Path[0]))
            .allSatisfy((file, bytes) -> assertThat(bytes).as(file.toString()).isEqualTo(before.get(file)));
    }

    @Test
    void twoRunsInOneSecondShouldKeepBothBackups() throws IOException {
        Installer.of(home, jars, Map.of()).plan(true).apply(NOW);
        String first = Files.readString(home.resolve("conf/smtorp.properties"));
        Installer.of(home, jars, Map.of("tor.mode", "attach")).plan(true).apply(NOW);
        Installer.of(home, jars, Map.of("tor.mode", "managed")).plan(true).apply(NOW);

        Path backup = home.resolve("conf/smtorp.properties" + Backups.SUFFIX + "20260102-030405");
        assertThat(backup).hasContent(first);
        assertThat(Path.of(backup + "-2")).content().contains("tor.mode=attach");
    }

    @Test
    void rootInstallingShouldLeaveTheListenerFileToItsOwner() throws IOException {
        assumeThat(System.getProperty("user.name")).as("only root can give a file away").isEqualTo("root");
        Path servers = home.resolve("conf/smtpserver.xml");
        UserPrincipalLookupService users = servers.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(servers, users.lookupPrincipalByName("nobody"));

        Installer.of(home, jars, Map.of()).plan(true).apply(NOW);

        assertThat(Files.getOwner(servers).getName()).isEqualTo("nobody");
        assertThat(Files.getPosixFilePermissions(servers)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aControlPasswordShouldNeverBeShownAndItsFileShouldBeOwnerOnly() throws IOException {
        install();
        Path properties = home.resolve("conf/smtorp.properties");

        CommandRun dryRun = install("--dry-run", "--set", "tor.control.password=hunter2");
        CommandRun run = install("--set", "tor.control.password=hunter2");

        assertThat(dryRun.out).contains("+ tor.control.password=(secret)").doesNotContain("hunter2");
        assertThat(run.out).doesNotContain("hunter2");
        assertThat(properties).content().contains("tor.control.password=hunter2");
        assertThat(Files.getPosixFilePermissions(properties)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // A later change keeps the password's file as a backup: owner-only too.
        install("--set", "tor.mode=attach");
        int holding = 0;
        try (var files = Files.list(home.resolve("conf"))) {
            for (Path backup : (Iterable<Path>) files.filter(file -> file.getFileName().toString()
                    .startsWith("smtorp.properties" + Backups.SUFFIX))::iterator) {
                if (Files.readString(backup).contains("hunter2")) {
                    holding++;
                    assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
        assertThat(holding).isEqualTo(1);
    }

    @Test
    void dryRunShouldChangeNoByteAndMakeNoIdentity() throws IOException {
        Map<Path, byte[]> before = InstallerSampleTest.snapshot(dir);

        CommandRun run = install("--dry-run", "--set", "tor.mode=attach");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(InstallerSampleTest.snapshot(dir)).containsOnlyKeys(before.keySet().toArray(new Path[0]))
            .allSatisfy((file, bytes) -> assertThat(bytes).as(file.toString()).isEqualTo(before.get(file)));
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isDirectory).map(dir::relativize).map(Path::toString))
                .containsExactlyInAnyOrder("", "james", "james/conf", "drop-in");
        }
    }

    @Test
    void installShouldLeaveOurMailetsAsTheAdministratorEditedAndOrderedThem() throws IOException {
        install();
        Path container = home.resolve("conf/mailetcontainer.xml");
        String edited = Files.readString(container)
            .replace("<maxRetries>11</maxRetries>", "<maxRetries>3</maxRetries>")
            .replace("<deliveryThreads>85</deliveryThreads>", "");
        // The guard moved after onion delivery, AddSmtorpAddress taken out.
        String guard = edited.substring(edited.indexOf("            <mailet match=\"org.smtorp.mailets.matchers.HasMixed"),
            edited.indexOf("</mailet>", edited.indexOf("MixedRecipientGuard")) + "</mailet>\n".length());
        edited = edited.replace(guard, "");
        int afterDelivery = edited.indexOf("</mailet>", edited.indexOf("OnionRemoteDelivery")) + "</mailet>\n".length();
        edited = edited.substring(0, afterDelivery) + guard + edited.substring(afterDelivery);
        int announce = edited.indexOf("            <mailet match=\"All\" class=\"org.smtorp.mailets.announce.AddSmtorpAddress\"");
        edited = edited.substring(0, announce) + edited.substring(edited.indexOf("</mailet>", announce) + "</mailet>\n".length());
        Files.writeString(container, edited);
        Map<Path, byte[]> before = InstallerSampleTest.snapshot(home);

        CommandRun again = install();

        assertThat(again.out).startsWith("Nothing to change");
        assertThat(JamesReads.mailets(JamesReads.xml(container), "relay")).containsExactly(
            "org.smtorp.mailets.delivery.OnionRemoteDelivery", "org.smtorp.mailets.guards.MixedRecipientGuard",
            "RemoteDelivery");
        assertThat(InstallerSampleTest.snapshot(home)).containsOnlyKeys(before.keySet().toArray(new Path[0]))
            .allSatisfy((file, bytes) -> assertThat(bytes).as(file.toString()).isEqualTo(before.get(file)));
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
