/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.identity.ServerIdentity.IfExists;

/**
 * Hands our key files to the real tor (skipped where tor is not installed).
 * Tor is given only the secret key and derives the public key and hostname
 * itself; they must be the bytes we would have written. It runs with
 * DisableNetwork and no ports, so it opens no socket.
 */
class TorInteroperabilityTest {
    private static final Duration TOR_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private Path tor;

    @BeforeEach
    void findTor() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(directory -> !directory.isEmpty())
            .map(directory -> Paths.get(directory, "tor"))
            .filter(Files::isExecutable)
            .findFirst();
        assumeTrue(found.isPresent(), "tor is not installed");
        tor = found.get();
    }

    @Test
    void torShouldDeriveOurPublicKeyAndHostnameFromOurSecretKey() throws Exception {
        HiddenServiceDir ours = HiddenServiceDir.at(temp.resolve("ours"));
        ours.write(OnionServiceKey.generate(new SecureRandom()));
        HiddenServiceDir torOwned = HiddenServiceDir.at(temp.resolve("tor-owned"));
        OwnerOnlyFiles.createDirectories(torOwned.path());
        OwnerOnlyFiles.write(torOwned.secretKeyFile(), Files.readAllBytes(ours.secretKeyFile()));

        runTorUntilItHasWrittenTheKeys(torOwned);

        assertThat(List.of(Files.readAllBytes(torOwned.publicKeyFile()), Files.readAllBytes(torOwned.hostnameFile())))
            .containsExactly(Files.readAllBytes(ours.publicKeyFile()), Files.readAllBytes(ours.hostnameFile()));
    }

    @Test
    void torShouldServeTheHiddenServiceDirOfAServerIdentity() throws Exception {
        Path directory = temp.resolve("identity");
        ServerIdentity created = ServerIdentity.create(directory, IfExists.FAIL, new SecureRandom(), Clock.systemUTC());
        HiddenServiceDir hiddenServiceDir = created.hiddenServiceDir();
        Files.delete(hiddenServiceDir.publicKeyFile());
        Files.delete(hiddenServiceDir.hostnameFile());

        runTorUntilItHasWrittenTheKeys(hiddenServiceDir);

        assertThat(ServerIdentity.load(directory).onion()).isEqualTo(created.onion());
    }

    private void runTorUntilItHasWrittenTheKeys(HiddenServiceDir hiddenServiceDir) throws Exception {
        Path log = temp.resolve("tor.log");
        Process process = new ProcessBuilder(tor.toString(),
            "--ignore-missing-torrc", "-f", temp.resolve("no-torrc").toString(),
            "--DataDirectory", temp.resolve("tor-data").toString(),
            "--HiddenServiceDir", hiddenServiceDir.path().toString(),
            "--HiddenServicePort", "25 127.0.0.1:1",
            "--SocksPort", "0",
            "--DisableNetwork", "1",
            "--RunAsDaemon", "0",
            "--Log", "notice stdout")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try {
            Instant deadline = Instant.now().plus(TOR_TIMEOUT);
            while (!(hasWritten(hiddenServiceDir)) && process.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(hasWritten(hiddenServiceDir)).as("tor wrote the keys; its log:%n%s", readLog(log)).isTrue();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    // tor writes the public key before the hostname; a non-empty hostname means both are done.
    private static boolean hasWritten(HiddenServiceDir hiddenServiceDir) throws IOException {
        return Files.exists(hiddenServiceDir.publicKeyFile())
            && Files.exists(hiddenServiceDir.hostnameFile())
            && Files.size(hiddenServiceDir.hostnameFile()) > 0;
    }

    private static String readLog(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }
}
