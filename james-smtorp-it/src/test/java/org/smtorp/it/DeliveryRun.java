/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One measured batch of DeliveryBenchmarkIT: from its start (the first submission, or the release of
 * held mail) to the last arrival, each mail's latency from its own start, how many receiving SMTP
 * sessions carried it, and how the batch was handed to the sender. A batch that did not all arrive
 * in the time allowed is incomplete: its total runs to the end of that time, a lower bound.
 */
final class DeliveryRun {
    private final String name;
    private final Duration total;
    private final List<Duration> latencies;
    private final List<Duration> waited;
    private final int connections;
    private final String handedOver;

    /**
     * @param latencies of the mails that arrived
     * @param waited of each mail that did not arrive: how long it had waited when the batch ended, a lower bound
     * @param handedOver how the mails reached the sender, e.g. "submitted in 1778 ms"
     */
    DeliveryRun(String name, Duration total, List<Duration> latencies, List<Duration> waited, int connections,
                String handedOver) {
        this.name = name;
        this.total = total;
        this.latencies = List.copyOf(latencies);
        this.waited = List.copyOf(waited);
        this.connections = connections;
        this.handedOver = handedOver;
    }

    /** Every awaited mail arrived; else {@link #total()} is only a lower bound. */
    boolean complete() {
        return waited.isEmpty();
    }

    Duration total() {
        return total;
    }

    /** Of an incomplete batch, a lower bound: each missing mail counted with the time it had waited. */
    Duration median() {
        List<Duration> bounded = new ArrayList<>(latencies);
        bounded.addAll(waited);
        return median(bounded);
    }

    static Duration median(Collection<Duration> durations) {
        List<Duration> sorted = new ArrayList<>(durations);
        sorted.sort(Duration::compareTo);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    /** {@code this} against {@code baseline}: "total X.XXx, median latency Y.YYx". */
    String ratioTo(DeliveryRun baseline) {
        return String.format("total %.2fx, median latency %.2fx", totalRatio(baseline), medianRatio(baseline));
    }

    double totalRatio(DeliveryRun baseline) {
        return (double) total.toMillis() / baseline.total.toMillis();
    }

    double medianRatio(DeliveryRun baseline) {
        return (double) median().toMillis() / baseline.median().toMillis();
    }

    @Override
    public String toString() {
        if (!complete()) {
            return String.format("%-8s only %d of %d mails arrived, in %d ms, %d connections; %s", name,
                latencies.size(), latencies.size() + waited.size(), total.toMillis(), connections, handedOver);
        }
        return String.format("%-8s %d mails: total %d ms (%.1f mails/s), median latency %d ms, max %d ms, "
                + "%d connections; %s", name, latencies.size(), total.toMillis(),
            latencies.size() * 1000.0 / total.toMillis(), median().toMillis(),
            latencies.stream().max(Duration::compareTo).orElseThrow().toMillis(), connections, handedOver);
    }
}
