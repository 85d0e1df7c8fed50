/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.james.queue.api.MailQueue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Puts mail from the queue on delivery threads so that a destination that is slow, or a tarpit,
 * holds no more than its own share of them, as Postfix's queue manager gives each destination
 * its own concurrency: a mail whose destination (the recipient's domain, an onion without its
 * fingerprint) has {@code slots} attempts going waits here, without a thread, and starts when
 * one of them ends. A slot is a thread for a whole attempt, whatever onions the attempt then
 * tries, so a destination holds at most {@code slots} threads.
 *
 * <p>Bounded: at most {@code parkLimit} mails wait here in all and half of that for one
 * destination. A mail beyond that goes {@code back} to the queue for later, not counted as an
 * attempt (as Postfix never counts its own congestion). A mail that waited here longer than
 * {@code parkTimeout} is {@code refused}: its caller counts a failed attempt, as the wait of a
 * RemoteDelivery thread for a busy host that times out, so that a tarpit's mail is still retried
 * on the schedule and in the end bounced.
 */
final class DestinationScheduler {
    private static final Logger LOGGER = LoggerFactory.getLogger(DestinationScheduler.class);

    private final int slots;
    private final int parkLimit;
    private final Duration parkTimeout;
    private final Executor threads;
    private final ScheduledExecutorService timers;
    private final Function<Mail, Optional<String>> destination;
    private final Consumer<MailQueue.MailQueueItem> delivery;
    private final BiConsumer<MailQueue.MailQueueItem, String> refused;
    private final Consumer<MailQueue.MailQueueItem> back;
    private final Map<String, Lane> lanes = new HashMap<>();
    private int parked;
    private boolean stopped;

    /**
     * @param slots attempts for one destination at once, before its further mail waits
     * @param threads one queue for all its threads, so that no task waits behind a stalled delivery
     * @param destination the destination a mail goes to first, when it goes over Tor
     * @param delivery one attempt of a mail, run on one of {@code threads}; never throws
     * @param refused a mail that waited too long, with the reason, for a counted failed attempt
     * @param back a mail for which there is no room here, to go back to the queue uncounted
     */
    DestinationScheduler(int slots, int parkLimit, Duration parkTimeout, Executor threads,
                         ScheduledExecutorService timers, Function<Mail, Optional<String>> destination,
                         Consumer<MailQueue.MailQueueItem> delivery,
                         BiConsumer<MailQueue.MailQueueItem, String> refused,
                         Consumer<MailQueue.MailQueueItem> back) {
        if (slots < 1 || parkLimit < 0) {
            throw new IllegalArgumentException("at least one slot per destination, and no negative park limit");
        }
        this.slots = slots;
        this.parkLimit = parkLimit;
        this.parkTimeout = parkTimeout;
        this.threads = threads;
        this.timers = timers;
        this.destination = destination;
        this.delivery = delivery;
        this.refused = refused;
        this.back = back;
    }

    /** Completes when the mail's attempt is over, or it was refused here. */
    Mono<Void> dispatch(MailQueue.MailQueueItem item) {
        return Mono.create(sink -> execute(() -> admit(item, sink), () -> goBack(new Waiting(item, sink, ""))));
    }

    /** Mails waiting here for a destination. */
    synchronized int waiting() {
        return parked;
    }

    /**
     * Starts no more mail. What waits here stays unacknowledged in the queue, which gives it
     * again after James's restart (a memory queue loses it with the rest).
     */
    void stop() {
        List<Waiting> dropped = new ArrayList<>();
        synchronized (this) {
            stopped = true;
            lanes.values().forEach(lane -> dropped.addAll(lane.waiting));
            lanes.clear();
            parked = 0;
        }
        dropped.forEach(waiting -> waiting.expiry.ifPresent(expiry -> expiry.cancel(false)));
    }

    // On a delivery thread: the destination may take a DNS look-up (discovery), never the queue's thread.
    private void admit(MailQueue.MailQueueItem item, MonoSink<Void> sink) {
        Optional<String> key;
        try {
            key = destination.apply(item.getMail());
        } catch (RuntimeException e) {
            // The attempt itself will find and count what is wrong.
            key = Optional.empty();
        }
        Waiting waiting = new Waiting(item, sink, key.orElse(""));
        boolean full = false;
        synchronized (this) {
            if (stopped) {
                return; // unacknowledged: the queue gives it again after James's restart
            }
            if (key.isPresent()) {
                Lane lane = lanes.computeIfAbsent(key.get(), k -> new Lane());
                if (lane.running < slots) {
                    lane.running++;
                } else if (parked < parkLimit && lane.waiting.size() < parkLimit / 2) {
                    lane.waiting.add(waiting);
                    parked++;
                    waiting.expiry = Optional.of(timers.schedule(() -> expire(waiting), parkTimeout.toMillis(),
                        TimeUnit.MILLISECONDS));
                    return;
                } else {
                    full = true;
                }
            }
        }
        if (full) {
            LOGGER.debug("{} mails wait for {} already: one more goes back to the queue", parkLimit / 2, key.get());
            goBack(waiting);
            return;
        }
        run(item, key, sink);
    }

    private void run(MailQueue.MailQueueItem item, Optional<String> key, MonoSink<Void> sink) {
        try {
            delivery.accept(item);
        } finally {
            key.ifPresent(this::release);
            sink.success();
        }
    }

    private void release(String key) {
        Waiting next;
        synchronized (this) {
            Lane lane = lanes.get(key);
            if (lane == null) {
                return; // stopped meanwhile
            }
            lane.running--;
            next = stopped ? null : lane.waiting.poll();
            if (next != null) {
                parked--;
                lane.running++;
            } else if (lane.running == 0 && lane.waiting.isEmpty()) {
                lanes.remove(key);
            }
        }
        if (next != null) {
            Waiting started = next;
            started.expiry.ifPresent(expiry -> expiry.cancel(false));
            execute(() -> run(started.item, Optional.of(key), started.sink), () -> {
                release(key);
                goBack(started);
            });
        }
    }

    private void expire(Waiting waiting) {
        synchronized (this) {
            Lane lane = lanes.get(waiting.key);
            if (lane == null || !lane.waiting.remove(waiting)) {
                return; // started meanwhile
            }
            parked--;
        }
        // Off the timer thread: settling a refusal writes to the queue.
        String reason = "waited " + parkTimeout.toSeconds() + " s for a session to " + waiting.key;
        execute(() -> refuse(waiting, reason), () -> refuse(waiting, reason));
    }

    private void goBack(Waiting waiting) {
        try {
            back.accept(waiting.item);
        } finally {
            waiting.sink.success();
        }
    }

    private void refuse(Waiting waiting, String reason) {
        LOGGER.debug("not delivered now: {}", reason);
        try {
            refused.accept(waiting.item, reason);
        } finally {
            waiting.sink.success();
        }
    }

    private void execute(Runnable task, Runnable rejected) {
        try {
            threads.execute(task);
        } catch (RejectedExecutionException e) {
            rejected.run();
        }
    }

    private static final class Lane {
        private final Deque<Waiting> waiting = new ArrayDeque<>();
        private int running;
    }

    private static final class Waiting {
        private final MailQueue.MailQueueItem item;
        private final MonoSink<Void> sink;
        private final String key;
        // Set under the scheduler's lock, before anyone else can see the waiting mail.
        private Optional<ScheduledFuture<?>> expiry = Optional.empty();

        Waiting(MailQueue.MailQueueItem item, MonoSink<Void> sink, String key) {
            this.item = item;
            this.sink = sink;
            this.key = key;
        }
    }
}
