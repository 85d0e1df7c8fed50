/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.smtorp.lab.OwnSession;

/**
 * A tor we started, and the only handle through which the lab ever ends one: by its
 * {@link Process}, never by name or PID file (tor deletes its PID file on exit). Its
 * console goes to {@code tor.log} in the node's directory. It runs in a session of its own,
 * out of reach of the terminal's Ctrl-C: whoever started the network stops it after
 * what uses it (see {@link OwnSession}).
 */
final class TorProcess {
    private static final int LOG_TAIL_LINES = 25;
    private static final int LOG_TAIL_BYTES = 8192;

    private final TorNode node;
    private final Process process;

    private TorProcess(TorNode node, Process process) {
        this.node = node;
        this.process = process;
    }

    /** Starts {@code tor} from the PATH with the node's torrc, already written. */
    static TorProcess start(TorNode node) {
        String tor = TorExecutable.tor();
        try {
            Process process = new ProcessBuilder(OwnSession.command(List.of(tor, "--defaults-torrc", "/dev/null",
                    "-f", node.torrc().toAbsolutePath().toString())))
                .directory(node.directory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(node.logFile().toFile())
                .start();
            // tor never reads its stdin; close our end so nothing waits on it.
            process.getOutputStream().close();
            return new TorProcess(node, process);
        } catch (IOException e) {
            throw new TorNetworkException("cannot start " + tor + " for " + node, e);
        }
    }

    TorNode node() {
        return node;
    }

    /** Fails if tor has exited, saying what we were waiting for. */
    void checkAlive(String awaiting) {
        if (!process.isAlive()) {
            throw failure("exited with status " + process.exitValue() + " while " + awaiting);
        }
    }

    /** An exception about this node that ends with the tail of its log, where tor says why. */
    TorNetworkException failure(String what) {
        return failure(what, null);
    }

    TorNetworkException failure(String what, Throwable cause) {
        return new TorNetworkException("tor " + node + ", pid " + process.pid() + ", " + what
            + "; last lines of " + node.logFile() + ":\n" + logTail(), cause);
    }

    private String logTail() {
        if (!Files.exists(node.logFile())) {
            return "(no log yet)";
        }
        try (RandomAccessFile log = new RandomAccessFile(node.logFile().toFile(), "r")) {
            long start = Math.max(0, log.length() - LOG_TAIL_BYTES);
            byte[] tail = new byte[(int) (log.length() - start)];
            log.seek(start);
            log.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\n");
            return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - LOG_TAIL_LINES),
                lines.length));
        } catch (IOException e) {
            // Part of an error message already: say so rather than hide the error being reported.
            return "(cannot read the log: " + e + ")";
        }
    }

    /** SIGTERM: tor closes its listeners and exits at once ({@code ShutdownWaitLength 0}). */
    void terminate() {
        process.destroy();
    }

    /** Waits for tor to exit after {@link #terminate()}; SIGKILL if it has not within {@code grace}. */
    boolean awaitExitOrKill(Duration grace) throws InterruptedException {
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        return false;
    }

    /** SIGKILL, for when we can no longer wait. */
    void kill() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return node + " pid " + process.pid();
    }
}
