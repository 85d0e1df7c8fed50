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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(1);

    private final JamesDistribution distribution;
    private final JamesWorkingDirectory directory;
    private final List<String> jvmOptions;
    private final Duration stopGrace;
    private Optional<Process> process = Optional.empty();
    private Optional<Process> watchdog = Optional.empty();
    private Instant launched = Instant.EPOCH;

    private JamesServer(JamesDistribution distribution, JamesWorkingDirectory directory, List<String> jvmOptions,
                        Duration stopGrace) {
        this.distribution = distribution;
        this.directory = directory;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.stopGrace = stopGrace;
    }

    public static JamesServer of(JamesDistribution distribution, JamesWorkingDirectory directory) {
        return new JamesServer(distribution, directory, List.of("-Xmx512m"), DEFAULT_STOP_GRACE);
    }

    public JamesServer withJvmOptions(List<String> options) {
        return new JamesServer(distribution, directory, options, stopGrace);
    }

    /**
     * How long {@link #close()} waits after SIGTERM before SIGKILL (default 30 s). James
     * stops in 4-6 s here, most of it the two-second graceful shutdown of each SMTP server.
     */
    public JamesServer withStopGrace(Duration grace) {
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("stop grace " + grace + " is not positive");
        }
        return new JamesServer(distribution, directory, jvmOptions, grace);
    }

    public Path workingDirectory() {
        return directory.root();
    }

    public Path logFile() {
        return directory.root().resolve("james.log");
    }

    /** Lays out the working directory, starts James and waits for its "started" line. */
    public Duration start(Duration timeout) {
        launch();
        return awaitStarted(timeout);
    }

    /**
     * Lays out the working directory and starts James without waiting, so that several
     * start together and one thread can wait for them, and be interrupted.
     */
    public synchronized void launch() {
        if (process.isPresent()) {
            throw new IllegalStateException("James in " + directory.root() + " is already running");
        }
        Path root = directory.create();
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
            launched = Instant.now();
            Process started = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile().toFile())
                .start();
            process = Optional.of(started);
            watchdog = Optional.of(OrphanWatchdog.guard(started, stopGrace));
            LOGGER.info("Starting James in {} (pid {})", root, started.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start James in " + root, e);
        }
    }

    /**
     * Waits for the "started" line of the James {@link #launch()} started; how long it took
     * since the launch. On failure (James exited, the time ran out, the thread was
     * interrupted) James is stopped before the exception is thrown.
     */
    public Duration awaitStarted(Duration timeout) {
        Process started;
        Instant begin;
        synchronized (this) {
            started = process.orElseThrow(() -> new IllegalStateException("James in " + directory.root()
                + " was not launched"));
            begin = launched;
        }
        try {
            awaitStarted(started, begin.plus(timeout));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        Duration took = Duration.between(begin, Instant.now());
        LOGGER.info("James in {} started in {} ms", directory.root(), took.toMillis());
        return took;
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

    /**
     * Stops James with SIGTERM so it runs its shutdown hooks (it removes its onion and stops
     * its managed tor); SIGKILL if it has not exited within the {@linkplain #withStopGrace
     * grace period}, with a WARN naming its PID. Then any process James started that outlived
     * it (a managed tor left by a killed James) gets SIGTERM, and SIGKILL a second later.
     * Bounded by the grace period plus at most three seconds, interrupted or not. Safe to
     * call more than once, and from another thread than the one starting James.
     */
    @Override
    public void close() {
        Optional<Process> running;
        Optional<Process> guard;
        synchronized (this) {
            running = process;
            guard = watchdog;
            process = Optional.empty();
            watchdog = Optional.empty();
        }
        boolean interrupted = Thread.interrupted();
        try {
            running.ifPresent(james -> end(james, stopGrace));
        } finally {
            guard.ifPresent(JamesServer::endWatchdog);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // James is gone: the watchdog (a shell loop and its sleep) goes too,
    // before close() returns, so that nothing started here outlives it.
    private static void endWatchdog(Process watchdog) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(watchdog.toHandle());
        watchdog.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        tree.forEach(process -> waitFor(process, KILL_WAIT));
    }

    private static void end(Process james, Duration grace) {
        // James's children, e.g. its managed tor, seen while it stops: once it exits they are no longer its own.
        Map<Long, ProcessHandle> children = new LinkedHashMap<>();
        james.descendants().forEach(child -> children.put(child.pid(), child));
        james.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        while (james.isAlive() && System.nanoTime() - deadline < 0) {
            james.descendants().forEach(child -> children.putIfAbsent(child.pid(), child));
            waitFor(james.toHandle(), Duration.ofMillis(100));
        }
        if (james.isAlive()) {
            LOGGER.warn("James (pid {}) did not stop within {} s of SIGTERM; killing it", james.pid(),
                grace.toSeconds());
            james.destroyForcibly();
            waitFor(james.toHandle(), KILL_WAIT);
        }
        children.values().stream().filter(ProcessHandle::isAlive).forEach(child -> {
            LOGGER.warn("pid {} ({}) outlived James (pid {}); stopping it", child.pid(),
                child.info().command().orElse("?"), james.pid());
            child.destroy();
            if (!waitFor(child, KILL_WAIT)) {
                LOGGER.warn("pid {} did not stop within {} s of SIGTERM; killing it", child.pid(),
                    KILL_WAIT.toSeconds());
                child.destroyForcibly();
                waitFor(child, KILL_WAIT);
            }
        });
    }

    private static boolean waitFor(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            // close() is bounded on its own: an interrupt does not cut the grace period short.
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
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
