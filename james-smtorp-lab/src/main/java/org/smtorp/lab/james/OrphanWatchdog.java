/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.james;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Ends a child process when the JVM that started it dies without stopping it (a killed
 * test run, a crashed demo). Tor has {@code __OwningControllerProcess} for this; James
 * has nothing, so a small shell loop watches both PIDs and signals only the child.
 */
final class OrphanWatchdog {
    private OrphanWatchdog() {
    }

    static Process guard(Process child) {
        long owner = ProcessHandle.current().pid();
        long pid = child.pid();
        String script = "while kill -0 " + owner + " 2>/dev/null; do"
            + " kill -0 " + pid + " 2>/dev/null || exit 0; sleep 1; done;"
            + " kill -TERM " + pid + " 2>/dev/null;"
            + " for i in $(seq 30); do kill -0 " + pid + " 2>/dev/null || exit 0; sleep 1; done;"
            + " kill -KILL " + pid + " 2>/dev/null; exit 0";
        try {
            return new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the watchdog for pid " + pid, e);
        }
    }
}
