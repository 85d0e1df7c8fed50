/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.james;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import org.smtorp.lab.OwnSession;

/**
 * Ends a child process when the JVM that started it dies without stopping it (a killed
 * test run, a crashed demo). Tor has {@code __OwningControllerProcess} for this; James
 * has nothing, so a small shell loop watches both PIDs and signals only the child: SIGTERM,
 * and SIGKILL after the grace period {@link JamesServer#close()} gives. It runs in a
 * session of its own: a terminal's Ctrl-C, sent to the whole foreground process group,
 * would end the shell loop first and leave James unwatched.
 */
final class OrphanWatchdog {
    private OrphanWatchdog() {
    }

    static Process guard(Process child, Duration grace) {
        long owner = ProcessHandle.current().pid();
        long pid = child.pid();
        String script = "while kill -0 " + owner + " 2>/dev/null; do"
            + " kill -0 " + pid + " 2>/dev/null || exit 0; sleep 1; done;"
            + " kill -TERM " + pid + " 2>/dev/null;"
            + " for i in $(seq " + Math.max(1, grace.toSeconds()) + "); do"
            + " kill -0 " + pid + " 2>/dev/null || exit 0; sleep 1; done;"
            + " kill -KILL " + pid + " 2>/dev/null; exit 0";
        try {
            return new ProcessBuilder(OwnSession.command(List.of("sh", "-c", script)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the watchdog for pid " + pid, e);
        }
    }
}
