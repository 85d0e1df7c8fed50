/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ends a process a test started, by its handle, never by name. */
final class ChildProcesses {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private ChildProcesses() {
    }

    /**
     * SIGTERM, then SIGKILL after 10 s; children it leaves behind (taken by
     * their PIDs before) are killed too: a daemon's workers, socat's forks.
     */
    static void end(Process process) {
        List<ProcessHandle> children = new ArrayList<>();
        process.descendants().forEach(children::add);
        process.destroy();
        try {
            if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
