/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tor process James owns in managed mode: a generated torrc in its data directory,
 * control port on loopback with cookie authentication, and
 * {@code __OwningControllerProcess} so tor exits when James does, even if James is killed.
 */
public final class ManagedTor {
    private static final Logger LOGGER = LoggerFactory.getLogger(ManagedTor.class);
    private static final String CONTROL_PORT_FILE = "control-port";
    private static final String COOKIE_FILE = "control_auth_cookie";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path binary;
    private final Path dataDirectory;
    private final InetSocketAddress socksAddress;
    private final Optional<Path> torrcInclude;
    private Optional<Process> process = Optional.empty();

    public ManagedTor(Path binary, Path dataDirectory, InetSocketAddress socksAddress, Optional<Path> torrcInclude) {
        this.binary = binary;
        this.dataDirectory = dataDirectory;
        this.socksAddress = socksAddress;
        this.torrcInclude = torrcInclude;
    }

    /** Starts tor if it is not running (again, if it died) and returns how to reach its control port. */
    public synchronized ControlPort ensureRunning(Duration timeout) throws IOException, InterruptedException {
        if (process.isPresent() && process.get().isAlive()) {
            return readControlPort(timeout);
        }
        process.ifPresent(dead -> LOGGER.warn("Managed tor exited with status {}, starting it again", dead.exitValue()));
        Files.createDirectories(dataDirectory);
        Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(dataDirectory.resolve(CONTROL_PORT_FILE));
        Path torrc = Files.writeString(dataDirectory.resolve("torrc"), torrc(), StandardCharsets.UTF_8);
        Process started = new ProcessBuilder(binary.toString(), "-f", torrc.toString(), "--ignore-missing-torrc")
            .redirectErrorStream(true)
            .redirectOutput(dataDirectory.resolve("tor.out").toFile())
            .start();
        process = Optional.of(started);
        LOGGER.info("Started managed tor (pid {}) in {}", started.pid(), dataDirectory);
        return readControlPort(timeout);
    }

    String torrc() {
        List<String> lines = new ArrayList<>();
        lines.add("# Written by james-smtorp at every start; edits are lost. Add yours with tor.torrcInclude.");
        lines.add("DataDirectory " + dataDirectory.toAbsolutePath());
        lines.add("RunAsDaemon 0");
        lines.add("__OwningControllerProcess " + ProcessHandle.current().pid());
        lines.add("ControlPort 127.0.0.1:auto");
        lines.add("ControlPortWriteToFile " + dataDirectory.resolve(CONTROL_PORT_FILE).toAbsolutePath());
        lines.add("CookieAuthentication 1");
        lines.add("CookieAuthFile " + dataDirectory.resolve(COOKIE_FILE).toAbsolutePath());
        // ExtendedErrors: delivery tells an offline onion (0xF0-0xF7) from other failures.
        lines.add("SocksPort " + socksAddress.getHostString() + ":" + socksAddress.getPort() + " ExtendedErrors");
        lines.add("Log notice file " + dataDirectory.resolve("notice.log").toAbsolutePath());
        // For operators and monitoring; tor removes it when it exits.
        lines.add("PidFile " + dataDirectory.resolve("tor.pid").toAbsolutePath());
        torrcInclude.ifPresent(include -> lines.add("%include " + include.toAbsolutePath()));
        return String.join("\n", lines) + "\n";
    }

    // Tor writes "PORT=127.0.0.1:NNNN" once the control port listens.
    private ControlPort readControlPort(Duration timeout) throws IOException, InterruptedException {
        Path file = dataDirectory.resolve(CONTROL_PORT_FILE);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Process running = process.orElseThrow();
            if (!running.isAlive()) {
                throw new IOException("managed tor exited with status " + running.exitValue() + "; see "
                    + dataDirectory.resolve("tor.out"));
            }
            if (Files.exists(file)) {
                String line = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (line.startsWith("PORT=")) {
                    String[] hostPort = line.substring("PORT=".length()).split(":");
                    return new ControlPort(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])),
                        ControlAuthentication.cookie(dataDirectory.resolve(COOKIE_FILE)));
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("managed tor did not open its control port within " + timeout.toSeconds() + " s");
    }

    public synchronized void stop() {
        process.ifPresent(running -> {
            running.destroy();
            try {
                if (!running.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    running.destroyForcibly();
                }
            } catch (InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            LOGGER.info("Stopped managed tor (pid {})", running.pid());
        });
        process = Optional.empty();
    }

    public synchronized Optional<Long> pid() {
        return process.filter(Process::isAlive).map(Process::pid);
    }

    /** Where a control port listens and how to authenticate to it. */
    public static final class ControlPort {
        private final InetSocketAddress address;
        private final ControlAuthentication authentication;

        public ControlPort(InetSocketAddress address, ControlAuthentication authentication) {
            this.address = address;
            this.authentication = authentication;
        }

        public InetSocketAddress address() {
            return address;
        }

        public ControlAuthentication authentication() {
            return authentication;
        }
    }
}
