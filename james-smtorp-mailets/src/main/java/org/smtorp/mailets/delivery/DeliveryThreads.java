/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery threads: one is started only when none is idle, up to {@code most}; beyond
 * that, tasks wait in one queue, in order, for whichever thread comes free first (per-thread
 * queues could put a task behind a delivery a tarpit stalls). A thread idle for a minute ends,
 * so an idle James holds none. A plain pool would start a thread for every task until it had
 * {@code most}, whether others sat idle or not.
 */
final class DeliveryThreads implements Executor, AutoCloseable {
    private static final long IDLE_SECONDS = 60;

    private final ThreadPoolExecutor executor;

    private DeliveryThreads(int most, int queued, String name) {
        TaskQueue queue = new TaskQueue(queued);
        AtomicInteger made = new AtomicInteger();
        executor = new ThreadPoolExecutor(0, most, IDLE_SECONDS, TimeUnit.SECONDS, queue, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        queue.executor = executor;
    }

    /**
     * @param most threads at once
     * @param queued tasks that may wait for a thread; more are refused ({@link java.util.concurrent.RejectedExecutionException})
     */
    static DeliveryThreads upTo(int most, int queued, String name) {
        if (most < 1 || queued < 1) {
            throw new IllegalArgumentException("at least one thread and one place in the queue");
        }
        return new DeliveryThreads(most, queued, name);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Threads alive now, busy or idle. */
    int alive() {
        return executor.getPoolSize();
    }

    /** Interrupts the threads; queued tasks are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    // Refuses a task while a new thread may and should be started (none idle), so that the pool
    // starts one; otherwise queues it for the next free thread.
    private static final class TaskQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        private transient ThreadPoolExecutor executor;

        TaskQueue(int capacity) {
            super(capacity);
        }

        @Override
        public boolean offer(Runnable task) {
            ThreadPoolExecutor pool = executor;
            int alive = pool.getPoolSize();
            if (alive < pool.getMaximumPoolSize() && pool.getActiveCount() + size() >= alive) {
                return false;
            }
            return super.offer(task);
        }
    }
}
