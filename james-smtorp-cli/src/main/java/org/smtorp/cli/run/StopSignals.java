/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop. Left to the JVM they would run the shutdown
 * hooks and exit with 143 or 130; taken here, run stops James in order and exits 0, as a
 * service manager expects of a clean stop.
 *
 * <p>A command that waits in several places (the demo: the network's start, James's start,
 * READY, the delivery) {@linkplain #interruptOnStop() asks to be interrupted}: then a stop
 * ends whichever wait it is in, at once, instead of being noticed after it.
 */
final class StopSignals {
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final CountDownLatch requested = new CountDownLatch(1);
    private Optional<Signal> received = Optional.empty();
    private Optional<Thread> interruptible = Optional.empty();

    private StopSignals() {
    }

    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : SIGNALS) {
            Signal.handle(new Signal(name), signals::request);
        }
        return signals;
    }

    private synchronized void request(Signal signal) {
        if (received.isEmpty()) {
            received = Optional.of(signal);
        }
        requested.countDown();
        interruptible.ifPresent(Thread::interrupt);
    }

    /** From now until {@link #stopInterrupting()}, a stop request interrupts the calling thread. */
    synchronized void interruptOnStop() {
        interruptible = Optional.of(Thread.currentThread());
        if (requested()) {
            Thread.currentThread().interrupt();
        }
    }

    /** No more interrupts, and the calling thread's interrupt status is cleared, so that it can wait for the stop. */
    synchronized void stopInterrupting() {
        interruptible = Optional.empty();
        Thread.interrupted();
    }

    /** True once a stop was requested; waits at most {@code timeout} for one. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** The first stop signal's name, as {@code SIGINT}, once one came. */
    synchronized Optional<String> signalName() {
        return received.map(signal -> "SIG" + signal.getName());
    }

    /** The shell's exit status for a command ended by the first stop signal: 128 + its number (130 for SIGINT). */
    synchronized Optional<Integer> shellStatus() {
        return received.map(signal -> 128 + signal.getNumber());
    }
}
