/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The latest moment one delivery may end. Read time-outs bound each read, not a peer that
 * sends one byte just before each time-out, nor one that stops reading while we write: at the
 * deadline every socket guarded by it is closed, which ends any blocked read or write at once.
 * {@link #expireNow()} does the same early, when James stops.
 */
public final class Deadline implements AutoCloseable {
    private final Duration length;
    private final List<Closeable> guarded = new ArrayList<>();
    private final ScheduledFuture<?> timer;
    private boolean expired;
    private boolean closed;

    private Deadline(Duration length, ScheduledExecutorService timers) {
        this.length = length;
        this.timer = timers.schedule(this::expireNow, length.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A deadline {@code length} from now, kept by one of {@code timers}' threads. */
    public static Deadline after(Duration length, ScheduledExecutorService timers) {
        requireNonNull(length, "length");
        requireNonNull(timers, "timers");
        return new Deadline(length, timers);
    }

    /** One daemon thread that keeps deadlines (a deadline's work is closing sockets: quick). */
    public static ScheduledExecutorService timers(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Closes {@code resource} at the deadline, or at once if it has passed. */
    public void guard(Closeable resource) {
        boolean late;
        synchronized (this) {
            late = expired;
            if (!late && !closed) {
                guarded.add(resource);
            }
        }
        if (late) {
            closeQuietly(resource);
        }
    }

    /** Closes everything guarded now; later guards close at once. */
    public void expireNow() {
        List<Closeable> toClose;
        synchronized (this) {
            if (expired || closed) {
                return;
            }
            expired = true;
            toClose = new ArrayList<>(guarded);
            guarded.clear();
        }
        toClose.forEach(Deadline::closeQuietly);
    }

    public synchronized boolean hasExpired() {
        return expired;
    }

    public Duration length() {
        return length;
    }

    /** The delivery ended in time: what it guarded stays open (a session goes back to the pool). */
    @Override
    public void close() {
        timer.cancel(false);
        synchronized (this) {
            closed = true;
            guarded.clear();
        }
    }

    private static void closeQuietly(Closeable resource) {
        try {
            resource.close();
        } catch (IOException e) {
            // Closing is all we wanted.
        }
    }

    @Override
    public String toString() {
        return "Deadline of " + length.toSeconds() + " s" + (hasExpired() ? ", expired" : "");
    }
}
