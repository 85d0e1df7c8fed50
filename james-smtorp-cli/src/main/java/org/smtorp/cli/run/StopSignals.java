/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop. Left to the JVM they would run the shutdown
 * hooks and exit with 143 or 130; taken here, run stops James in order and exits 0, as a
 * service manager expects of a clean stop.
 */
final class StopSignals {
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final CountDownLatch requested = new CountDownLatch(1);

    private StopSignals() {
    }

    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : SIGNALS) {
            Signal.handle(new Signal(name), signal -> signals.requested.countDown());
        }
        return signals;
    }

    /** True once a stop was requested; waits at most {@code timeout} for one. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean requested() {
        return requested.getCount() == 0;
    }
}
