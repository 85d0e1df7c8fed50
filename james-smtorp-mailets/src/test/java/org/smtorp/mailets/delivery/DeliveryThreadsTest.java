/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class DeliveryThreadsTest {
    @Test
    void tasksOneAfterAnotherShouldReuseTheIdleThreadNotStartNewOnes() throws Exception {
        try (DeliveryThreads threads = DeliveryThreads.upTo(45, 100, "test-delivery")) {
            List<String> names = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 50; i++) {
                CountDownLatch done = new CountDownLatch(1);
                threads.execute(() -> {
                    names.add(Thread.currentThread().getName());
                    done.countDown();
                });
                assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
                // Let the thread go back to waiting before the next task comes.
                Thread.sleep(5);
            }

            assertThat(names.stream().distinct().count()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void blockedTasksShouldGetThreadsUpToTheMostThenWaitInTheQueueThenBeRefused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (DeliveryThreads threads = DeliveryThreads.upTo(3, 2, "test-delivery")) {
            List<String> ran = new CopyOnWriteArrayList<>();
            CountDownLatch allRan = new CountDownLatch(5);
            for (int i = 0; i < 5; i++) {
                String name = "task-" + i;
                threads.execute(() -> {
                    ran.add(name);
                    allRan.countDown();
                    await(release);
                });
            }
            assertThat(threads.alive()).isEqualTo(3);
            assertThatThrownBy(() -> threads.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);

            release.countDown();
            assertThat(allRan.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactlyInAnyOrder("task-0", "task-1", "task-2", "task-3", "task-4");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
