/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.dns;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.smtorp.lab.Directories;
import org.smtorp.lab.tor.PortBlock;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server on 127.0.0.1 (Debian's knot) serving the given zones, the
 * signed ones signed by knot itself with keys it makes on start. {@link #trustAnchor} writes
 * a signed zone's DS records, exported with {@code keymgr}, for a validating resolver. Ended
 * by {@link #close()}, through the process we started and nothing else.
 */
public final class KnotServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String DEBIAN_FOLDER = "/usr/sbin";

    private final Path directory;
    private final Path runDirectory;
    private final Path configuration;
    private final PortBlock ports;
    private final Process process;

    private KnotServer(Path directory, Path runDirectory, Path configuration, PortBlock ports, Process process) {
        this.directory = directory;
        this.runDirectory = runDirectory;
        this.configuration = configuration;
        this.ports = ports;
        this.process = process;
    }

    /**
     * Starts knot in {@code directory} (emptied first) and waits until it answers for every zone,
     * the signed ones with their DNSKEY.
     */
    public static KnotServer start(Path directory, List<DnsZone> zones) {
        PortBlock ports = PortBlock.reserve();
        try {
            Directories.deleteRecursively(directory);
            Files.createDirectories(directory.resolve("zones"));
            // The control socket's path must stay short (108 bytes): not under a deep build directory.
            Path run = Files.createTempDirectory("smtorp-knot");
            for (DnsZone zone : zones) {
                Files.writeString(directory.resolve("zones").resolve(zone.name() + "zone"), zone.zoneFile());
            }
            Path conf = directory.resolve("knot.conf");
            Files.writeString(conf, configuration(directory, run, ports.port(0), zones));
            Process process = new ProcessBuilder(executable("knotd"), "-c", conf.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("knotd.log").toFile())
                .start();
            process.getOutputStream().close();
            KnotServer server = new KnotServer(directory, run, conf, ports, process);
            try {
                server.awaitServing(zones);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            ports.close();
            throw new UncheckedIOException("cannot start knot in " + directory, e);
        }
    }

    private static String configuration(Path directory, Path run, int port, List<DnsZone> zones) {
        StringBuilder conf = new StringBuilder();
        conf.append("server:\n")
            .append("    rundir: \"").append(run).append("\"\n")
            .append("    listen: 127.0.0.1@").append(port).append('\n')
            .append("log:\n  - target: stderr\n    any: info\n")
            .append("database:\n")
            .append("    storage: \"").append(directory.resolve("db")).append("\"\n")
            .append("    kasp-db: \"").append(directory.resolve("kasp")).append("\"\n")
            .append("policy:\n  - id: lab\n    algorithm: ecdsap256sha256\n")
            .append("template:\n  - id: default\n")
            .append("    storage: \"").append(directory.resolve("zones")).append("\"\n")
            .append("    file: \"%s.zone\"\n    zonefile-sync: -1\n    journal-content: none\n")
            .append("zone:\n");
        for (DnsZone zone : zones) {
            conf.append("  - domain: ").append(zone.name()).append('\n');
            if (zone.isSigned()) {
                conf.append("    dnssec-signing: on\n    dnssec-policy: lab\n");
            }
        }
        return conf.toString();
    }

    private void awaitServing(List<DnsZone> zones) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        for (DnsZone zone : zones) {
            int type = zone.isSigned() ? Type.DNSKEY : Type.SOA;
            while (!answers(zone.name(), type)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("knotd exited with " + process.exitValue() + ": " + logTail());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("knotd does not serve " + zone + " after " + START_TIMEOUT + ": "
                        + logTail());
                }
                sleep();
            }
        }
    }

    private boolean answers(String zone, int type) {
        try {
            SimpleResolver resolver = new SimpleResolver(address());
            resolver.setTimeout(Duration.ofSeconds(1));
            Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(zone), type,
                DClass.IN)));
            return response.getRcode() == Rcode.NOERROR && response.getHeader().getFlag(Flags.AA)
                && !response.getSection(Section.ANSWER).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Where knot answers, UDP and TCP. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", ports.port(0));
    }

    /** {@code 127.0.0.1:PORT}, as {@code smtorp resolve --dns} and smtorp.properties take it. */
    public String hostPort() {
        return "127.0.0.1:" + ports.port(0);
    }

    /**
     * The DS records of a signed zone's key-signing key (SHA-256), in zone-file syntax, in a file:
     * the trust anchor a validating resolver starts from.
     */
    public Path trustAnchor(String zone) {
        String name = zone.endsWith(".") ? zone : zone + ".";
        List<String> ds = run(executable("keymgr"), "-c", configuration.toString(), name, "ds").stream()
            .filter(line -> line.contains(" DS ") && line.matches(".* DS \\d+ \\d+ 2 .*"))
            .collect(Collectors.toList());
        if (ds.isEmpty()) {
            throw new IllegalStateException("keymgr gave no SHA-256 DS record for " + name);
        }
        Path anchor = directory.resolve(name + "anchor");
        try {
            Files.write(anchor, ds, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return anchor;
    }

    private List<String> run(String... command) {
        try {
            Process keymgr = new ProcessBuilder(command).redirectErrorStream(true).start();
            keymgr.getOutputStream().close();
            String output = new String(keymgr.getInputStream().readAllBytes(), UTF_8);
            if (!keymgr.waitFor(30, TimeUnit.SECONDS) || keymgr.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return List.of(output.split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** knot's own log, for failure messages. */
    public Path logFile() {
        return directory.resolve("knotd.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    // Debian puts knotd and keymgr in /usr/sbin, which only root's PATH has.
    private static String executable(String name) {
        List<String> folders = new ArrayList<>();
        Optional.ofNullable(System.getenv("PATH")).ifPresent(path -> folders.addAll(List.of(path.split(File.pathSeparator))));
        folders.add(DEBIAN_FOLDER);
        return folders.stream().filter(folder -> !folder.isEmpty()).map(folder -> Paths.get(folder, name))
            .filter(Files::isExecutable).findFirst().map(Path::toString)
            .orElseThrow(() -> new IllegalStateException(name + " is neither on the PATH nor in " + DEBIAN_FOLDER
                + "; install Debian's knot package: apt-get install -y knot"));
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            ports.close();
            try {
                Directories.deleteRecursively(runDirectory);
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
    }

    @Override
    public String toString() {
        return "knot on " + hostPort();
    }
}
