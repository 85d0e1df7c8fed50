/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.time.Duration;

/**
 * The end of a wait for a readiness condition. Waits poll the condition every
 * {@value #POLL_MILLIS} ms until it holds or the deadline passes; nothing waits a fixed time.
 */
final class Deadline {
    private static final long POLL_MILLIS = 100;

    private final Duration timeout;
    private final long endNanos;

    private Deadline(Duration timeout, long endNanos) {
        this.timeout = timeout;
        this.endNanos = endNanos;
    }

    static Deadline after(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " is not positive");
        }
        return new Deadline(timeout, System.nanoTime() + timeout.toNanos());
    }

    boolean hasPassed() {
        return System.nanoTime() - endNanos >= 0;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    Duration timeout() {
        return timeout;
    }

    /** Sleeps one poll interval, or less if the deadline is nearer. */
    void pause() {
        try {
            Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, remaining().toMillis())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TorNetworkException("interrupted while waiting for the private Tor network", e);
        }
    }
}
