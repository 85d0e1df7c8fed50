/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SolverTest {
    /** Finds try number {@code target} in the range of whichever thread holds it; counts tries. */
    private static final class Counting implements PowAlgorithm {
        private final long target;
        private final AtomicLong tries = new AtomicLong();

        Counting(long target) {
            this.target = target;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Binding binding() {
            return Binding.CHALLENGE;
        }

        @Override
        public int maxBits() {
            return 64;
        }

        @Override
        public double expectedTries(int bits) {
            return Math.pow(2, bits);
        }

        @Override
        public double nanosPerTry() {
            return 1;
        }

        @Override
        public Check check(byte[] prefix, byte[] nonce, int bits) {
            return Check.INSUFFICIENT;
        }

        @Override
        public Search search(byte[] prefix, int bits) {
            return (first, count) -> {
                tries.addAndGet(count);
                return target >= first && target < first + count
                    ? Optional.of(new byte[] {(byte) target}) : Optional.empty();
            };
        }
    }

    @Test
    void solveShouldCompleteWithTheNonceAndTries() throws Exception {
        Solution solution = Solver.withThreads(1).solve(new Counting(1000), new byte[0], 10, Duration.ofMinutes(1),
            ProgressListener.NONE).get(1, TimeUnit.MINUTES);
        assertThat(solution.nonce()).containsExactly((byte) 1000);
        assertThat(solution.tries()).isGreaterThan(1000);
    }

    @Test
    void solveShouldTimeOutWhenTheBudgetRunsOut() {
        CompletableFuture<Solution> search = Solver.withThreads(2).solve(new Counting(-1), new byte[0], 10,
            Duration.ofMillis(200), ProgressListener.NONE);
        assertThatThrownBy(() -> search.get(1, TimeUnit.MINUTES))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TimeoutException.class)
            .hasMessageContaining("within the budget");
    }

    @Test
    void cancelShouldStopTheThreads() {
        Counting algorithm = new Counting(-1);
        CompletableFuture<Solution> search = Solver.withThreads(2).solve(algorithm, new byte[0], 10,
            Duration.ofDays(1), ProgressListener.NONE);
        await().until(() -> algorithm.tries.get() > 0);
        search.cancel(true);
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        long stopped = algorithm.tries.get();
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        assertThat(algorithm.tries.get()).isEqualTo(stopped);
    }

    @Test
    void oneRunAtATimeShouldStartTheNextSearchOnlyWhenTheOneBeforeEnds() throws Exception {
        Solver solver = Solver.withThreads(1).oneRunAtATime();
        Counting endless = new Counting(-1);
        Counting second = new Counting(1000);
        CompletableFuture<Solution> first = solver.solve(endless, new byte[0], 10, Duration.ofDays(1),
            ProgressListener.NONE);
        CompletableFuture<Solution> queued = solver.solve(second, new byte[0], 10, Duration.ofDays(1),
            ProgressListener.NONE);
        await().until(() -> endless.tries.get() > 0);
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);

        assertThat(second.tries.get()).isZero();
        first.cancel(true);
        assertThat(queued.get(1, TimeUnit.MINUTES).nonce()).containsExactly((byte) 1000);
    }

    @Test
    void aSearchCancelledWhileWaitingItsTurnShouldNeverRun() throws Exception {
        Solver solver = Solver.withThreads(1).oneRunAtATime();
        Counting endless = new Counting(-1);
        Counting cancelled = new Counting(-1);
        Counting third = new Counting(1000);
        CompletableFuture<Solution> first = solver.solve(endless, new byte[0], 10, Duration.ofDays(1),
            ProgressListener.NONE);
        solver.solve(cancelled, new byte[0], 10, Duration.ofDays(1), ProgressListener.NONE).cancel(true);
        CompletableFuture<Solution> last = solver.solve(third, new byte[0], 10, Duration.ofDays(1),
            ProgressListener.NONE);
        first.cancel(true);

        assertThat(last.get(1, TimeUnit.MINUTES).nonce()).containsExactly((byte) 1000);
        assertThat(cancelled.tries.get()).isZero();
    }

    @Test
    void solveShouldReportProgress() {
        AtomicLong reported = new AtomicLong();
        CompletableFuture<Solution> search = Solver.withThreads(1).solve(new Counting(-1), new byte[0], 30,
            Duration.ofDays(1), (done, expected) -> {
                assertThat(expected).isEqualTo(Math.pow(2, 30));
                reported.set(done);
            });
        try {
            await().until(() -> reported.get() > 0);
        } finally {
            search.cancel(true);
        }
    }

    @Test
    void solveShouldRejectBitsAboveTheAlgorithm() {
        assertThatThrownBy(() -> Solver.withThreads(1).solve(new Counting(1), new byte[0], 65, Duration.ZERO,
            ProgressListener.NONE)).hasMessageContaining("0 to 64 bits");
    }
}
