/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Searches for a proof on several threads (one per core by default), each in its
 * own range of nonce numbers, within a time budget. The returned future completes
 * with the first solution, or with a {@link TimeoutException} when the budget runs
 * out; cancelling it stops the threads. {@link #oneRunAtATime()} queues searches that
 * come together instead of running them side by side: each already uses every core, and
 * several at once only multiply the memory (an Equihash search keeps megabytes of tables).
 */
public final class Solver {
    private static final long REPORT_NANOS = 200_000_000L;
    // Blocks between checks of stop and deadline grow until one takes about this long.
    private static final long BLOCK_NANOS = 20_000_000L;
    private static final long MAX_BLOCK = 1L << 16;

    private final int threads;
    private final int maxRuns;
    // Runs waiting for their turn, and how many run; under this.
    private final Deque<Run> waiting = new ArrayDeque<>();
    private int running;

    private Solver(int threads, int maxRuns) {
        this.threads = threads;
        this.maxRuns = maxRuns;
    }

    private Solver(int threads) {
        this(threads, Integer.MAX_VALUE);
    }

    /**
     * The same threads, one search at a time: the others wait their turn, their budget running
     * meanwhile (a search whose budget passed while it waited fails as it would have running).
     */
    public Solver oneRunAtATime() {
        return new Solver(threads, 1);
    }

    /** One thread per available core. */
    public static Solver onAllCores() {
        return new Solver(Runtime.getRuntime().availableProcessors());
    }

    public static Solver withThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be from 1 to 1024: " + threads);
        }
        return new Solver(threads);
    }

    public int threads() {
        return threads;
    }

    /** Starts the search; the future completes with a nonce for {@code prefix} of at least {@code bits}. */
    public CompletableFuture<Solution> solve(PowAlgorithm algorithm, byte[] prefix, int bits, Duration budget,
                                             ProgressListener listener) {
        if (bits < 0 || bits > algorithm.maxBits()) {
            throw new IllegalArgumentException(algorithm.name() + " takes 0 to " + algorithm.maxBits() + " bits: " + bits);
        }
        Run run = new Run(algorithm, prefix.clone(), bits, budget, listener);
        synchronized (this) {
            if (running >= maxRuns) {
                waiting.add(run);
                return run.result;
            }
            running++;
        }
        run.start();
        return run.result;
    }

    // A run ended: the next one waiting, if any, takes its turn (one cancelled meanwhile does not).
    private void ended() {
        Run next;
        synchronized (this) {
            running--;
            do {
                next = waiting.poll();
            } while (next != null && next.result.isDone());
            if (next == null) {
                return;
            }
            running++;
        }
        next.start();
    }

    private final class Run {
        private final PowAlgorithm algorithm;
        private final byte[] prefix;
        private final int bits;
        private final ProgressListener listener;
        private final long started = System.nanoTime();
        private final long deadline;
        private final double expectedTries;
        private final CompletableFuture<Solution> result = new CompletableFuture<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final LongAdder tries = new LongAdder();
        private final AtomicLong nextReport = new AtomicLong();
        private final List<Thread> workers = new ArrayList<>();

        Run(PowAlgorithm algorithm, byte[] prefix, int bits, Duration budget, ProgressListener listener) {
            this.algorithm = algorithm;
            this.prefix = prefix;
            this.bits = bits;
            this.listener = listener;
            this.deadline = started + budgetNanos(budget);
            this.expectedTries = algorithm.expectedTries(bits);
            this.nextReport.set(started + REPORT_NANOS);
            result.whenComplete((solution, failure) -> {
                stop.set(true);
                // A long try (an Equihash run) polls its thread's interrupt flag to stop early.
                synchronized (workers) {
                    workers.forEach(Thread::interrupt);
                }
            });
        }

        private long budgetNanos(Duration budget) {
            // A century stands for no limit; toNanos() would overflow past 292 years.
            Duration century = Duration.ofDays(36_500);
            return budget.isNegative() ? 0 : (budget.compareTo(century) > 0 ? century : budget).toNanos();
        }

        void start() {
            // Its turn ends when it does, however it ends; one cancelled while waiting never had one.
            result.whenComplete((solution, failure) -> ended());
            for (int i = 0; i < threads; i++) {
                long first = (Long.MAX_VALUE / threads) * i;
                Thread worker = new Thread(() -> work(first), "smtorp-pow-" + algorithm.name() + "-" + i);
                worker.setDaemon(true);
                synchronized (workers) {
                    if (stop.get()) {
                        return;
                    }
                    workers.add(worker);
                }
                worker.start();
            }
        }

        private void work(long first) {
            Search search = null;
            try {
                search = algorithm.search(prefix, bits);
                long next = first;
                long block = 1;
                while (!stop.get()) {
                    long now = System.nanoTime();
                    if (now - deadline >= 0) {
                        result.completeExceptionally(new TimeoutException("no " + algorithm.name() + " proof of "
                            + bits + " bits within the budget after " + tries.sum() + " tries"));
                        return;
                    }
                    Optional<byte[]> found = search.run(next, block);
                    next += block;
                    tries.add(block);
                    long after = System.nanoTime();
                    if (found.isPresent()) {
                        result.complete(Solution.of(found.get(), tries.sum(), Duration.ofNanos(after - started)));
                        return;
                    }
                    if (after - now < BLOCK_NANOS && block < MAX_BLOCK) {
                        block *= 2;
                    }
                    report(after);
                }
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            } finally {
                if (search != null) {
                    search.close();
                }
            }
        }

        private void report(long now) {
            long due = nextReport.get();
            if (now - due >= 0 && nextReport.compareAndSet(due, now + REPORT_NANOS)) {
                listener.onProgress(tries.sum(), expectedTries);
            }
        }
    }
}
