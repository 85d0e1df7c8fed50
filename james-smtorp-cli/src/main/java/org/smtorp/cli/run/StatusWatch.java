/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Polls {@code GET /smtorp/status} and prints each change of the onion service's state
 * once, with the seconds since {@code smtorp run} began: first until READY, then in the
 * background for as long as run lives (a dropped control connection shows as RECONNECTING).
 */
final class StatusWatch {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration FOLLOW = Duration.ofSeconds(1);

    private final JamesWebAdmin webAdmin;
    private final PrintWriter out;
    private final Instant begin;
    private final String owner;
    private String printed = "";

    StatusWatch(JamesWebAdmin webAdmin, PrintWriter out, Instant begin) {
        this(webAdmin, out, begin, "");
    }

    /** @param owner printed before "onion service", e.g. "alice's " when the demo watches two */
    StatusWatch(JamesWebAdmin webAdmin, PrintWriter out, Instant begin, String owner) {
        this.webAdmin = webAdmin;
        this.out = out;
        this.begin = begin;
        this.owner = owner;
    }

    /** Prints changes until READY (true), the timeout, or {@code keepWaiting} says stop. */
    boolean awaitReady(Duration timeout, BooleanSupplier keepWaiting) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && keepWaiting.getAsBoolean()) {
            Optional<JamesWebAdmin.Status> status = poll();
            if (status.map(JamesWebAdmin.Status::isReady).orElse(false)) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    /** The current status, printed if it changed. */
    synchronized Optional<JamesWebAdmin.Status> poll() throws InterruptedException {
        Optional<JamesWebAdmin.Status> status = webAdmin.status();
        status.map(JamesWebAdmin.Status::describe).filter(line -> !line.equals(printed)).ifPresent(line -> {
            printed = line;
            out.printf("%6.1f s  %sonion service %s%n", seconds(), owner, line);
            out.flush();
        });
        return status;
    }

    void followInBackground() {
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(FOLLOW.toMillis());
                    poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "smtorp-status-watch");
        thread.setDaemon(true);
        thread.start();
    }

    double seconds() {
        return Duration.between(begin, Instant.now()).toMillis() / 1000.0;
    }
}
