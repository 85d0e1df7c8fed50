/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.james.queue.api.MailQueue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


class DestinationSchedulerTest {
    private static final String TARPIT_KEY = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    private static final String TARPIT = TARPIT_KEY;
    private static final String GOOD = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";

    private final ExecutorService threads = Executors.newFixedThreadPool(3);
    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<String> givenBack = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch tarpitReleased = new CountDownLatch(1);

    @AfterEach
    void stop() {
        tarpitReleased.countDown();
        threads.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void aDestinationWithEverySlotBusyShouldHoldNoFurtherThreadWhileOthersDeliver() throws Exception {
        DestinationScheduler scheduler = scheduler(1, 100, item -> stallAtTheTarpit(item));
        for (int i = 0; i < 10; i++) {
            scheduler.dispatch(item("tarpit-" + i, TARPIT)).subscribe();
        }
        CountDownLatch goodDone = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            scheduler.dispatch(item("good-" + i, GOOD)).subscribe(null, null, goodDone::countDown);
        }

        // Three threads, one tarpit mail stalls on one of them: the good destination gets the others.
        assertThat(goodDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(started).filteredOn(name -> name.startsWith("tarpit")).containsExactly("tarpit-0");
        awaitWaiting(scheduler, 9);
    }

    @Test
    void aMailThatWaitedLongerThanTheParkTimeoutShouldBeRefusedAndNeverRun() throws Exception {
        DestinationScheduler scheduler = scheduler(1, 100, Duration.ofMillis(200), item -> stallAtTheTarpit(item));
        scheduler.dispatch(item("tarpit-0", TARPIT)).subscribe();
        CountDownLatch refusedOne = new CountDownLatch(1);
        scheduler.dispatch(item("tarpit-1", TARPIT)).subscribe(null, null, refusedOne::countDown);

        assertThat(refusedOne.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(refused).containsExactly("tarpit-1: waited 0 s for a session to " + TARPIT_KEY);
        tarpitReleased.countDown();
        Thread.sleep(200);
        assertThat(started).containsExactly("tarpit-0");
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void mailBeyondTheParkLimitShouldGoBackToTheQueueUncountedNotWaitInMemory() throws Exception {
        DestinationScheduler scheduler = scheduler(1, 4, item -> stallAtTheTarpit(item));
        for (int i = 0; i < 5; i++) {
            scheduler.dispatch(item("tarpit-" + i, TARPIT)).subscribe();
        }

        // One runs, half the park limit waits for the one destination, the rest goes back: not refused.
        awaitGivenBack(2);
        assertThat(scheduler.waiting()).isEqualTo(2);
        assertThat(givenBack).hasSize(2);
        assertThat(refused).isEmpty();
        tarpitReleased.countDown();
    }

    @Test
    void everyWaitingMailShouldRunOnceTheTarpitLetsGo() throws Exception {
        DestinationScheduler scheduler = scheduler(2, 100, item -> stallAtTheTarpit(item));
        CountDownLatch all = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            scheduler.dispatch(item("tarpit-" + i, TARPIT)).subscribe(null, null, all::countDown);
        }
        tarpitReleased.countDown();

        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(started).hasSize(6).doesNotHaveDuplicates();
        assertThat(scheduler.waiting()).isZero();
    }

    private DestinationScheduler scheduler(int slots, int parkLimit, Consumer<MailQueue.MailQueueItem> delivery) {
        return scheduler(slots, parkLimit, Duration.ofMinutes(1), delivery);
    }

    private DestinationScheduler scheduler(int slots, int parkLimit, Duration parkTimeout,
                                           Consumer<MailQueue.MailQueueItem> delivery) {
        return new DestinationScheduler(slots, parkLimit, parkTimeout, threads, timers,
            mail -> Optional.ofNullable(routes.get(mail.getName())), delivery,
            (item, reason) -> refused.add(item.getMail().getName() + ": " + reason),
            item -> givenBack.add(item.getMail().getName()));
    }

    private void stallAtTheTarpit(MailQueue.MailQueueItem item) {
        started.add(item.getMail().getName());
        if (TARPIT.equals(routes.get(item.getMail().getName()))) {
            await(tarpitReleased);
        }
    }

    private static void awaitWaiting(DestinationScheduler scheduler, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (scheduler.waiting() != count && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(scheduler.waiting()).isEqualTo(count);
    }

    private void awaitGivenBack(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (givenBack.size() < count && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private MailQueue.MailQueueItem item(String name, String route) throws Exception {
        routes.put(name, route);
        Mail mail = FakeMail.builder().name(name).build();
        return new MailQueue.MailQueueItem() {
            @Override
            public Mail getMail() {
                return mail;
            }

            @Override
            public void done(CompletionStatus success) {
            }
        };
    }
}
