/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.james.queue.api.MailQueue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.route.OnionRoute;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Puts mail from the queue on delivery threads so that a destination that is slow, or a tarpit,
 * holds no more than its own share of them, as Postfix's queue manager gives each destination
 * its own concurrency: a mail whose onion has {@code slots} deliveries going waits here, without
 * a thread, and starts when one of them gives its session back (at the final dot, when the
 * server pipelines: the waiting mail then writes behind that dot). One slot more than the
 * sessions keeps a mail ready for each session that comes free.
 *
 * <p>Bounded: at most {@code parkLimit} mails wait here in all, and a tenth of that for one
 * destination; a mail beyond goes back to the queue (its caller puts it there for the first
 * retry delay, without counting an attempt: a destination with that much mail waiting will not
 * want it sooner, and the queue does not cycle through a tarpit's backlog). Mail whose route
 * cannot be told (no recipient over Tor: it bounces or is handed on at once) is never held.
 */
final class DestinationScheduler {
    private static final Logger LOGGER = LoggerFactory.getLogger(DestinationScheduler.class);

    private final int slots;
    private final int parkLimit;
    private final int parkLimitPerDestination;
    private final Executor threads;
    private final Function<Mail, Optional<OnionRoute>> destination;
    private final Consumer<MailQueue.MailQueueItem> delivery;
    private final Consumer<MailQueue.MailQueueItem> giveBack;
    // The slot the delivery on this thread holds, so that its session coming free releases it.
    private final ThreadLocal<Slot> current = new ThreadLocal<>();
    private final Map<OnionRoute, Lane> lanes = new HashMap<>();
    private int parked;

    /**
     * @param slots deliveries to one destination at once, before its further mail waits
     * @param threads one queue for all its threads, so that no task waits behind a stalled delivery
     * @param destination the first onion a mail goes to, when it goes over Tor
     * @param delivery one attempt of a mail, run on one of {@code threads}; never throws
     * @param giveBack puts a mail back in the queue for later, without counting an attempt
     */
    DestinationScheduler(int slots, int parkLimit, Executor threads, Function<Mail, Optional<OnionRoute>> destination,
                         Consumer<MailQueue.MailQueueItem> delivery, Consumer<MailQueue.MailQueueItem> giveBack) {
        if (slots < 1 || parkLimit < 0) {
            throw new IllegalArgumentException("at least one slot per destination, and no negative park limit");
        }
        this.slots = slots;
        this.parkLimit = parkLimit;
        this.parkLimitPerDestination = Math.max(1, parkLimit / 10);
        this.threads = threads;
        this.destination = destination;
        this.delivery = delivery;
        this.giveBack = giveBack;
    }

    /** Completes when the mail's attempt is over, or it went back to the queue. */
    Mono<Void> dispatch(MailQueue.MailQueueItem item) {
        return Mono.<Void>create(sink -> schedule(() -> admit(item, sink), () -> {
            sink.success();
            giveBack.accept(item);
        }));
    }

    /** A session to {@code route} was given back on this thread: its slot lets the next mail in. */
    void sessionFree(OnionRoute route) {
        Slot slot = current.get();
        if (slot != null && slot.route.filter(route::equals).isPresent()) {
            release(slot);
        }
    }

    /** Mails waiting here for a destination, for the operator's view and tests. */
    synchronized int waiting() {
        return parked;
    }

    // On a delivery thread: the route may take a DNS look-up (discovery), never the queue's thread.
    private void admit(MailQueue.MailQueueItem item, MonoSink<Void> sink) {
        Optional<OnionRoute> route;
        try {
            route = destination.apply(item.getMail());
        } catch (RuntimeException e) {
            // The attempt itself will find and count what is wrong.
            route = Optional.empty();
        }
        if (route.isPresent()) {
            synchronized (this) {
                Lane lane = lanes.computeIfAbsent(route.get(), r -> new Lane());
                if (lane.running >= slots) {
                    if (parked < parkLimit && lane.waiting.size() < parkLimitPerDestination) {
                        lane.waiting.add(new Waiting(item, sink));
                        parked++;
                        return;
                    }
                    sink.success();
                    LOGGER.debug("{} mails wait for {} ({} for all destinations): one more goes back to the queue",
                        lane.waiting.size(), route.get().onion().asString(), parked);
                    giveBack.accept(item);
                    return;
                }
                lane.running++;
            }
        }
        run(item, new Slot(route), sink);
    }

    private void run(MailQueue.MailQueueItem item, Slot slot, MonoSink<Void> sink) {
        current.set(slot);
        try {
            delivery.accept(item);
        } finally {
            current.remove();
            release(slot);
            sink.success();
        }
    }

    private void release(Slot slot) {
        if (slot.route.isEmpty() || slot.released) {
            return;
        }
        slot.released = true;
        OnionRoute route = slot.route.get();
        Waiting next;
        synchronized (this) {
            Lane lane = lanes.get(route);
            lane.running--;
            next = lane.waiting.poll();
            if (next != null) {
                parked--;
                lane.running++;
            } else if (lane.running == 0) {
                lanes.remove(route);
            }
        }
        if (next != null) {
            Waiting started = next;
            Slot taken = new Slot(Optional.of(route));
            schedule(() -> run(started.item, taken, started.sink), () -> {
                release(taken);
                started.sink.success();
                giveBack.accept(started.item);
            });
        }
    }

    // The threads' queue is bounded; a mail it cannot take goes back to the mail queue.
    private void schedule(Runnable task, Runnable rejected) {
        try {
            threads.execute(task);
        } catch (RejectedExecutionException e) {
            LOGGER.warn("delivery threads are saturated; a mail goes back to the queue");
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

        Waiting(MailQueue.MailQueueItem item, MonoSink<Void> sink) {
            this.item = item;
            this.sink = sink;
        }
    }

    // Confined to the thread that runs its delivery.
    private static final class Slot {
        private final Optional<OnionRoute> route;
        private boolean released;

        Slot(Optional<OnionRoute> route) {
            this.route = route;
        }
    }
}
