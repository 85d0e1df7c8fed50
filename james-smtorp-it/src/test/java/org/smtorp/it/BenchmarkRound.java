/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The figures of one round of DeliveryBenchmarkIT, and the medians of several rounds: of each
 * duration, and of each round's ratios (not the ratio of the medians), so that a median ratio is
 * one a round measured side by side.
 */
final class BenchmarkRound {
    private final DeliveryRun onion;
    private final DeliveryRun baseline;
    private final Optional<OnionTransactions> transactions;
    private final DeliveryRun heldOnion;
    private final DeliveryRun heldBaseline;
    private final DeliveryRun alone;
    private final DeliveryRun besideTarpit;

    BenchmarkRound(DeliveryRun onion, DeliveryRun baseline, Optional<OnionTransactions> transactions,
                   DeliveryRun heldOnion, DeliveryRun heldBaseline, DeliveryRun alone, DeliveryRun besideTarpit) {
        this.onion = onion;
        this.baseline = baseline;
        this.transactions = transactions;
        this.heldOnion = heldOnion;
        this.heldBaseline = heldBaseline;
        this.alone = alone;
        this.besideTarpit = besideTarpit;
    }

    /** The medians of SmtpExchange's envelope and message times over one onion run's transactions. */
    static final class OnionTransactions {
        private final int count;
        private final Duration envelope;
        private final Duration message;

        OnionTransactions(int count, Duration envelope, Duration message) {
            this.count = count;
            this.envelope = envelope;
            this.message = message;
        }

        @Override
        public String toString() {
            return String.format("onion transactions (warm-up included): %d, median per session: envelope %d ms, "
                + "message %d ms", count, envelope.toMillis(), message.toMillis());
        }
    }

    String tarpitLine() {
        return tarpitLine(alone.total().toMillis(), besideTarpit.total().toMillis(), tarpitRatio(),
            !besideTarpit.complete());
    }

    private double tarpitRatio() {
        return (double) besideTarpit.total().toMillis() / alone.total().toMillis();
    }

    /** @param lowerBound whether the four did not all arrive beside the tarpit in the time allowed */
    private static String tarpitLine(double alone, double beside, double ratio, boolean lowerBound) {
        String over = lowerBound ? "over " : "";
        return String.format("tarpit: the four other destinations took %.0f ms alone and %s%.0f ms beside the tarpit "
            + "(%s%.2fx)", alone, over, beside, over, ratio);
    }

    /**
     * Each figure's median over the rounds, one line per figure group, each line prefixed as such; a
     * figure that some round measured only as a lower bound is marked "over" (a median of lower
     * bounds is a lower bound of the median).
     */
    static void printMedians(List<BenchmarkRound> rounds) {
        String prefix = "median of " + rounds.size() + " rounds: ";
        for (Figure figure : List.of(
            run("onion", round -> round.onion), run("baseline", round -> round.baseline),
            run("held onion", round -> round.heldOnion), run("held baseline", round -> round.heldBaseline),
            run("4 alone", round -> round.alone), run("4+tarpit", round -> round.besideTarpit))) {
            // A median of lower bounds is a lower bound of the median.
            String over = rounds.stream().anyMatch(figure.incomplete) ? "over " : "";
            System.out.printf("%s%s total %s%.0f ms, median latency %s%.0f ms%n", prefix, figure.name, over,
                median(rounds, figure.total), over, median(rounds, figure.latency));
        }
        System.out.printf("%sratio onion/stock: total %.2fx, median latency %.2fx%n", prefix,
            median(rounds, round -> round.onion.totalRatio(round.baseline)),
            median(rounds, round -> round.onion.medianRatio(round.baseline)));
        List<OnionTransactions> logged = rounds.stream().flatMap(round -> round.transactions.stream())
            .collect(Collectors.toList());
        if (!logged.isEmpty()) {
            System.out.printf("%sonion transactions: envelope %.0f ms, message %.0f ms%n", prefix,
                median(logged, transactions -> transactions.envelope.toMillis()),
                median(logged, transactions -> transactions.message.toMillis()));
        }
        System.out.printf("%sheld ratio onion/stock: total %.2fx, median latency %.2fx%n", prefix,
            median(rounds, round -> round.heldOnion.totalRatio(round.heldBaseline)),
            median(rounds, round -> round.heldOnion.medianRatio(round.heldBaseline)));
        System.out.println(prefix + tarpitLine(median(rounds, round -> round.alone.total().toMillis()),
            median(rounds, round -> round.besideTarpit.total().toMillis()), median(rounds, BenchmarkRound::tarpitRatio),
            rounds.stream().anyMatch(round -> !round.besideTarpit.complete())));
    }

    /** One DeliveryRun of each round, by name: its total and median latency in milliseconds. */
    private static final class Figure {
        private final String name;
        private final ToDoubleFunction<BenchmarkRound> total;
        private final ToDoubleFunction<BenchmarkRound> latency;
        private final Predicate<BenchmarkRound> incomplete;

        private Figure(String name, ToDoubleFunction<BenchmarkRound> total, ToDoubleFunction<BenchmarkRound> latency,
                       Predicate<BenchmarkRound> incomplete) {
            this.name = name;
            this.total = total;
            this.latency = latency;
            this.incomplete = incomplete;
        }
    }

    private static Figure run(String name, Function<BenchmarkRound, DeliveryRun> run) {
        return new Figure(name, round -> run.apply(round).total().toMillis(), round -> run.apply(round).median().toMillis(),
            round -> !run.apply(round).complete());
    }

    private static <T> double median(List<T> values, ToDoubleFunction<T> figure) {
        double[] sorted = values.stream().mapToDouble(figure).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
