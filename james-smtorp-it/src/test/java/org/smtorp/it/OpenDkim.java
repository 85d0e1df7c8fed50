/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.smtorp.lab.Directories;
import org.smtorp.lab.OwnSession;

/**
 * Debian's opendkim as a Postfix operator runs it: a milter that signs outgoing mail with keys
 * made by {@code opendkim-genkey}, chosen by the From address ({@code SigningTable}, first
 * match wins) among the keys of its {@code KeyTable}. It listens on a Unix socket in the test's
 * directory; Postfix names it in {@code non_smtpd_milters}. Run in the foreground as our child
 * and ended by its PID. {@link #dnsRecord} is the {@code <selector>.txt} file opendkim-genkey
 * writes, the line an operator adds to the domain's zone.
 */
final class OpenDkim implements AutoCloseable {
    static final String SELECTOR = "mail";
    private static final Duration START_PATIENCE = Duration.ofSeconds(30);

    private final Path directory;
    private Process process;

    private OpenDkim(Path directory) {
        this.directory = directory;
    }

    /**
     * Makes one key per entry of {@code keys} (key name to its domain), signs the mail of each
     * From pattern of {@code signers} (an opendkim regex-file pattern such as {@code *@example.org},
     * to a key name), and starts.
     */
    static OpenDkim start(Path directory, Map<String, String> keys, LinkedHashMap<String, String> signers) {
        OpenDkim dkim = new OpenDkim(directory);
        try {
            Directories.deleteRecursively(directory);
            Files.createDirectories(directory);
            List<String> keyTable = new ArrayList<>();
            for (Map.Entry<String, String> key : keys.entrySet()) {
                Path keyDirectory = Directories.createPrivate(directory.resolve(key.getKey()));
                run("opendkim-genkey", "-b", "2048", "-d", key.getValue(), "-s", SELECTOR, "-D",
                    keyDirectory.toString());
                keyTable.add(key.getKey() + " " + key.getValue() + ":" + SELECTOR + ":"
                    + keyDirectory.resolve(SELECTOR + ".private"));
            }
            List<String> signingTable = new ArrayList<>();
            signers.forEach((from, key) -> signingTable.add(from + " " + key));
            Files.write(directory.resolve("KeyTable"), keyTable, StandardCharsets.US_ASCII);
            Files.write(directory.resolve("SigningTable"), signingTable, StandardCharsets.US_ASCII);
            Files.write(directory.resolve("opendkim.conf"), List.of(
                "Syslog no",
                "Mode s",
                "Canonicalization relaxed/simple",
                "Socket local:" + dkim.socket(),
                // Postfix's cleanup, the postfix user, connects to it.
                "UMask 000",
                "KeyTable file:" + directory.resolve("KeyTable"),
                "SigningTable refile:" + directory.resolve("SigningTable"),
                "PidFile " + directory.resolve("opendkim.pid"),
                // opendkim refuses a key whose path passes a world-writable directory: a checkout under
                // /tmp (as CI's may be) made every signing a tempfail. Operators keep theirs in /etc/opendkim.
                "RequireSafeKeys false"), StandardCharsets.US_ASCII);
            dkim.process = new ProcessBuilder(OwnSession.command(List.of("opendkim", "-f", "-x",
                    directory.resolve("opendkim.conf").toString())))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("opendkim.out").toFile())
                .start();
            long deadline = System.nanoTime() + START_PATIENCE.toNanos();
            while (!Files.exists(dkim.socket())) {
                if (!dkim.process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("opendkim did not listen on " + dkim.socket() + ": "
                        + Files.readString(directory.resolve("opendkim.out"), StandardCharsets.UTF_8));
                }
                Thread.sleep(50);
            }
            return dkim;
        } catch (IOException e) {
            dkim.close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dkim.close();
            throw new IllegalStateException("interrupted while starting opendkim", e);
        } catch (RuntimeException e) {
            dkim.close();
            throw e;
        }
    }

    /** The milter socket, as Postfix names it: {@code unix:<path>}. */
    Path socket() {
        return directory.resolve("opendkim.sock");
    }

    /** The DNS record of key {@code name}, as opendkim-genkey wrote it for the zone file. */
    String dnsRecord(String name) {
        try {
            return Files.readString(directory.resolve(name).resolve(SELECTOR + ".txt"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        PeerRun run = PeerRun.of(command);
        if (run.exitCode() != 0) {
            throw new IllegalStateException(run.toString());
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        ChildProcesses.end(process);
        process = null;
    }

    @Override
    public String toString() {
        return "opendkim in " + directory;
    }
}
