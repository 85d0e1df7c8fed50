/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.james.queue.api.MailQueue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.protocol.address.SmtorpDomain;


class DestinationSchedulerTest {
    private static final InetSocketAddress SOCKS = new InetSocketAddress("127.0.0.1", 9050);
    private static final OnionRoute TARPIT = OnionRoute.to(
        SmtorpDomain.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"), SOCKS, TlsMode.IMPLICIT);
    private static final OnionRoute GOOD = OnionRoute.to(
        SmtorpDomain.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion"), SOCKS, TlsMode.IMPLICIT);

    private final ExecutorService threads = Executors.newFixedThreadPool(3);
    private final Map<String, OnionRoute> routes = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<String> givenBack = new CopyOnWriteArrayList<>();
    private final CountDownLatch tarpitReleased = new CountDownLatch(1);

    @AfterEach
    void stop() {
        tarpitReleased.countDown();
        threads.shutdownNow();
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
    void aSessionGivenBackShouldStartTheNextWaitingMailBeforeTheAttemptEnds() throws Exception {
        CountDownLatch secondStarted = new CountDownLatch(1);
        DestinationScheduler[] holder = new DestinationScheduler[1];
        holder[0] = scheduler(1, 100, item -> {
            started.add(item.getMail().getName());
            if (item.getMail().getName().equals("first")) {
                holder[0].sessionFree(GOOD);
                await(secondStarted);
            } else {
                secondStarted.countDown();
            }
        });
        CountDownLatch bothDone = new CountDownLatch(2);
        holder[0].dispatch(item("first", GOOD)).subscribe(null, null, bothDone::countDown);
        holder[0].dispatch(item("second", GOOD)).subscribe(null, null, bothDone::countDown);

        // The first attempt waits for the second to start: only the early release lets it.
        assertThat(bothDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(started).containsExactly("first", "second");
    }

    @Test
    void mailBeyondTheParkLimitShouldGoBackToTheQueueNotWaitInMemory() throws Exception {
        DestinationScheduler scheduler = scheduler(1, 20, item -> stallAtTheTarpit(item));
        for (int i = 0; i < 5; i++) {
            scheduler.dispatch(item("tarpit-" + i, TARPIT)).subscribe();
        }

        awaitGivenBack(2);
        assertThat(scheduler.waiting()).isEqualTo(2);
        assertThat(givenBack).hasSize(2);
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
        return new DestinationScheduler(slots, parkLimit, threads, mail -> Optional.ofNullable(routes.get(mail.getName())),
            delivery, item -> givenBack.add(item.getMail().getName()));
    }

    private void stallAtTheTarpit(MailQueue.MailQueueItem item) {
        started.add(item.getMail().getName());
        if (routes.get(item.getMail().getName()) == TARPIT) {
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

    private MailQueue.MailQueueItem item(String name, OnionRoute route) throws Exception {
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
