/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.james;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real James server in a child process, started from a {@link JamesDistribution} in a
 * {@link JamesWorkingDirectory}. Its console output goes to {@code james.log} in the
 * working directory. A watchdog ends it if the JVM that started it dies without
 * calling {@link #close()}.
 */
public final class JamesServer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesServer.class);
    private static final String STARTED = "JAMES server started";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final JamesDistribution distribution;
    private final JamesWorkingDirectory directory;
    private final List<String> jvmOptions;
    private Optional<Process> process = Optional.empty();
    private Optional<Process> watchdog = Optional.empty();

    private JamesServer(JamesDistribution distribution, JamesWorkingDirectory directory, List<String> jvmOptions) {
        this.distribution = distribution;
        this.directory = directory;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public static JamesServer of(JamesDistribution distribution, JamesWorkingDirectory directory) {
        return new JamesServer(distribution, directory, List.of("-Xmx512m"));
    }

    public JamesServer withJvmOptions(List<String> options) {
        return new JamesServer(distribution, directory, options);
    }

    public Path workingDirectory() {
        return directory.root();
    }

    public Path logFile() {
        return directory.root().resolve("james.log");
    }

    /** Lays out the working directory, starts James and waits for its "started" line. */
    public synchronized Duration start(Duration timeout) {
        if (process.isPresent()) {
            throw new IllegalStateException("James in " + directory.root() + " is already running");
        }
        Path root = directory.create();
        Instant begin = Instant.now();
        List<String> command = new ArrayList<>();
        command.add(javaBinary().toString());
        command.addAll(jvmOptions);
        command.add("-Dworking.directory=" + root.toAbsolutePath());
        command.add("-Dlogback.configurationFile=" + directory.conf().resolve("logback.xml").toAbsolutePath());
        command.add("-Djames.exit.on.startup.error=true");
        command.add("-cp");
        command.add(distribution.classPathArgument());
        command.add(distribution.mainClass());
        try {
            Process started = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile().toFile())
                .start();
            process = Optional.of(started);
            watchdog = Optional.of(OrphanWatchdog.guard(started));
            LOGGER.info("Starting James in {} (pid {})", root, started.pid());
            awaitStarted(started, begin.plus(timeout));
            Duration took = Duration.between(begin, Instant.now());
            LOGGER.info("James in {} started in {} ms", root, took.toMillis());
            return took;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start James in " + root, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitStarted(Process started, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            if (log().contains(STARTED)) {
                return;
            }
            if (!started.isAlive()) {
                throw new IllegalStateException("James exited with status " + started.exitValue()
                    + " while starting; end of " + logFile() + ":\n" + logTail(40));
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("James did not log \"" + STARTED + "\" in time; end of "
            + logFile() + ":\n" + logTail(40));
    }

    /** The James process's id while it runs, e.g. to find its connections. */
    public synchronized Optional<Long> pid() {
        return process.filter(Process::isAlive).map(Process::pid);
    }

    public boolean isRunning() {
        return process.map(Process::isAlive).orElse(false);
    }

    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logTail(int lines) {
        String[] all = log().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    /** Stops James with SIGTERM so it runs its shutdown hooks; kills it if it does not stop in time. */
    @Override
    public synchronized void close() {
        process.ifPresent(running -> {
            running.destroy();
            try {
                if (!running.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOGGER.warn("James (pid {}) did not stop within {} s, killing it", running.pid(),
                        STOP_GRACE.toSeconds());
                    running.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        });
        watchdog.ifPresent(Process::destroy);
        process = Optional.empty();
        watchdog = Optional.empty();
    }

    private static Path javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for James", e);
        }
    }
}
