/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.lab.Directories;

/**
 * The directory authorities' keys, kept between runs because making the RSA identity
 * keys ({@code tor-gencert --create-identity-key}) and relay keys ({@code tor
 * --list-fingerprint}) is the slow part of preparing a network. An entry holds tor's
 * {@code keys/} folder and {@code fingerprint} file for one authority; it is made whole in
 * a scratch folder and moved into place, under a file lock, so concurrent runs never see
 * half an entry.
 *
 * <p>The authority certificate names {@code 127.0.0.1:DIRPORT}, and tor believes it: given
 * a certificate from an earlier run it logs "Updating address for directory authority ...
 * based on certificate" and then sends votes and fetches to the old port, which may now
 * belong to another run. So a run whose dir port differs gets a fresh signing key and
 * certificate from the cached identity key, which is quick.
 */
final class AuthorityKeyCache {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthorityKeyCache.class);
    private static final int CERTIFICATE_MONTHS = 12;
    // Renew well before tor would refuse the certificate.
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final DateTimeFormatter CERTIFICATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String IDENTITY_KEY = "authority_identity_key";
    private static final String SIGNING_KEY = "authority_signing_key";
    private static final String CERTIFICATE = "authority_certificate";
    private static final List<String> REQUIRED_KEYS = List.of(IDENTITY_KEY, SIGNING_KEY, CERTIFICATE,
        "secret_id_key", "ed25519_master_id_secret_key");

    private final Path directory;
    private final Clock clock;

    AuthorityKeyCache(Path directory, Clock clock) {
        this.directory = directory.toAbsolutePath();
        this.clock = clock;
    }

    /** Whether {@link #install} will take the authority's identity from the cache rather than make one. */
    boolean holds(TorNode authority) {
        return isComplete(entry(authority));
    }

    /**
     * Puts the authority's keys into its data directory, making them first if the cache
     * has none, with a certificate for its dir port; returns what other tors must know of it.
     */
    AuthorityIdentity install(TorNode authority) {
        Path entry = entry(authority);
        Path keys = authority.directory().resolve("keys");
        try {
            Files.createDirectories(directory);
            // Closing the channel releases the lock.
            try (FileChannel lockFile = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
                lock(lockFile, directory);
                if (!isComplete(entry)) {
                    generate(authority, entry);
                }
                copyKeys(entry.resolve("keys"), keys);
            }
            if (!certificateFits(keys, authority)) {
                certify(authority, keys);
            }
            return AuthorityIdentity.of(authority, fingerprint(entry), certificateLine(keys, "fingerprint ")
                .orElseThrow(() -> new TorNetworkException("no fingerprint line in " + keys.resolve(CERTIFICATE))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the keys of " + authority + " from " + directory, e);
        }
    }

    private Path entry(TorNode authority) {
        return directory.resolve(authority.nickname());
    }

    // Another thread of this JVM may hold the lock (OverlappingFileLockException): wait for it as for another JVM.
    private static void lock(FileChannel lockFile, Path directory) throws IOException {
        Deadline deadline = Deadline.after(COMMAND_TIMEOUT.multipliedBy(4));
        while (true) {
            try {
                if (lockFile.tryLock() != null) {
                    return;
                }
            } catch (OverlappingFileLockException e) {
                // held by this JVM; poll again
            }
            if (deadline.hasPassed()) {
                throw new TorNetworkException("the authority key cache " + directory + " stayed locked for "
                    + deadline.timeout().toSeconds() + " s");
            }
            deadline.pause();
        }
    }

    private static boolean isComplete(Path entry) {
        return Files.isRegularFile(entry.resolve("fingerprint"))
            && REQUIRED_KEYS.stream().allMatch(name -> Files.isRegularFile(entry.resolve("keys").resolve(name)));
    }

    private boolean certificateFits(Path keys, TorNode authority) throws IOException {
        Optional<String> address = certificateLine(keys, "dir-address ");
        Optional<Instant> expires = certificateLine(keys, "dir-key-expires ")
            .map(time -> LocalDateTime.parse(time, CERTIFICATE_TIME).toInstant(ZoneOffset.UTC));
        return address.equals(Optional.of(Loopback.hostPort(authority.dirPort().getAsInt())))
            && expires.isPresent() && expires.get().isAfter(clock.instant().plus(RENEW_BEFORE));
    }

    private void generate(TorNode authority, Path entry) throws IOException {
        long begin = System.nanoTime();
        Path scratch = Directories.createPrivate(directory.resolve(".new-" + UUID.randomUUID()));
        try {
            Path keys = Directories.createPrivate(scratch.resolve("keys"));
            run(scratch, gencert(authority, keys, true));
            // Makes the relay keys in scratch/keys and writes scratch/fingerprint.
            run(scratch, List.of(TorExecutable.tor(), "--defaults-torrc", "/dev/null", "--ignore-missing-torrc",
                "-f", "/dev/null", "--DataDirectory", scratch.toString(), "--ORPort", "1", "--list-fingerprint",
                "--quiet"));
            Directories.deleteRecursively(entry);
            Files.move(scratch, entry, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Directories.deleteRecursively(scratch);
        }
        LOGGER.info("Generated the keys of authority {} in {} ms, cached in {}", authority.nickname(),
            Duration.ofNanos(System.nanoTime() - begin).toMillis(), entry);
    }

    private static void certify(TorNode authority, Path keys) throws IOException {
        long begin = System.nanoTime();
        run(authority.directory(), gencert(authority, keys, false));
        LOGGER.debug("Certified a new signing key of authority {} for dir port {} in {} ms", authority.nickname(),
            authority.dirPort().getAsInt(), Duration.ofNanos(System.nanoTime() - begin).toMillis());
    }

    // The identity key's passphrase is an empty line on stdin.
    private static List<String> gencert(TorNode authority, Path keys, boolean newIdentity) {
        List<String> command = new ArrayList<>(List.of(TorExecutable.torGencert()));
        if (newIdentity) {
            command.add("--create-identity-key");
        }
        command.addAll(List.of("--passphrase-fd", "0", "-m", String.valueOf(CERTIFICATE_MONTHS),
            "-a", Loopback.hostPort(authority.dirPort().getAsInt()),
            "-i", keys.resolve(IDENTITY_KEY).toString(),
            "-s", keys.resolve(SIGNING_KEY).toString(),
            "-c", keys.resolve(CERTIFICATE).toString()));
        return command;
    }

    private static void run(Path workingDirectory, List<String> command) throws IOException {
        String name = Paths.get(command.get(0)).getFileName().toString();
        Path output = workingDirectory.resolve(name + ".out");
        Process process = new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        try {
            process.getOutputStream().write('\n');
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TorNetworkException(name + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TorNetworkException("interrupted while running " + name, e);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (process.exitValue() != 0) {
            throw new TorNetworkException(String.join(" ", command) + " exited with status "
                + process.exitValue() + ":\n" + printed);
        }
    }

    private static void copyKeys(Path from, Path to) throws IOException {
        Directories.createPrivate(to);
        List<Path> files;
        try (Stream<Path> list = Files.list(from)) {
            files = list.collect(Collectors.toList());
        }
        for (Path file : files) {
            Path copy = to.resolve(file.getFileName().toString());
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            Directories.makeOwnerOnly(copy);
        }
    }

    // tor writes "<nickname> <fingerprint>" to the data directory it listed the fingerprint of.
    private static String fingerprint(Path entry) throws IOException {
        String line = Files.readString(entry.resolve("fingerprint"), StandardCharsets.US_ASCII).trim();
        String[] fields = line.split(" ");
        return fields[fields.length - 1];
    }

    private static Optional<String> certificateLine(Path keys, String keyword) throws IOException {
        try (Stream<String> lines = Files.lines(keys.resolve(CERTIFICATE), StandardCharsets.US_ASCII)) {
            return lines.filter(line -> line.startsWith(keyword))
                .map(line -> line.substring(keyword.length()).trim())
                .findFirst();
        }
    }
}
