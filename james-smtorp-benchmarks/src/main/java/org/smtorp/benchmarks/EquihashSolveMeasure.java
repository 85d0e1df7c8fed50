/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.smtorp.protocol.pow.equihash.EquihashParameters;
import org.smtorp.protocol.pow.equihash.EquihashSolver;

/**
 * What JMH does not report for the Equihash solver: solutions per run and the
 * process's peak heap, with {@code threads} solvers in parallel over distinct
 * nonces. Run under the memory cap to check it holds, e.g.
 * {@code java -Xmx192m -cp ... org.smtorp.benchmarks.EquihashSolveMeasure 120 5 2 40}.
 */
public final class EquihashSolveMeasure {
    private EquihashSolveMeasure() {
    }

    public static void main(String[] arguments) throws Exception {
        EquihashParameters parameters = EquihashParameters.of(Integer.parseInt(arguments[0]),
            Integer.parseInt(arguments[1]));
        int threads = Integer.parseInt(arguments[2]);
        int runsPerThread = Integer.parseInt(arguments[3]);
        int warmupRuns = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> results = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            int first = thread * (runsPerThread + warmupRuns);
            results.add(pool.submit(() -> runs(parameters, first, warmupRuns, runsPerThread)));
        }
        long[] nanos = new long[threads * runsPerThread];
        long solutions = 0;
        long tableBytes = 0;
        try {
            for (int thread = 0; thread < threads; thread++) {
                long[] result = results.get(thread).get();
                System.arraycopy(result, 2, nanos, thread * runsPerThread, runsPerThread);
                solutions += result[0];
                tableBytes = result[1];
            }
        } finally {
            // An OutOfMemoryError in one solver must end the run, not leave the pool waiting.
            pool.shutdownNow();
        }
        Arrays.sort(nanos);
        long peakHeap = 0;
        for (MemoryPoolMXBean pool2 : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool2.getType() == MemoryType.HEAP) {
                peakHeap += pool2.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%s threads=%d runs=%d median=%.1f ms p90=%.1f ms solutions/run=%.2f"
                + " tables/solver=%.1f MiB peak heap (sum of pool peaks)=%.1f MiB max heap=%d MiB%n",
            parameters, threads, nanos.length, nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 9 / 10] / 1e6,
            solutions / (double) nanos.length, tableBytes / 1048576.0, peakHeap / 1048576.0,
            Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Solutions found, table bytes, then the time of each measured run. */
    private static long[] runs(EquihashParameters parameters, int firstNonce, int warmupRuns, int runs) {
        EquihashSolver solver = new EquihashSolver();
        byte[] input = new byte[140];
        long[] result = new long[2 + runs];
        for (int run = 0; run < warmupRuns + runs; run++) {
            long nonce = firstNonce + run;
            for (int i = 0; i < 8; i++) {
                input[input.length - 8 + i] = (byte) (nonce >>> (8 * i));
            }
            long start = System.nanoTime();
            int found = solver.solve(parameters, "SMTorPoW", input, () -> false).size();
            long elapsed = System.nanoTime() - start;
            if (run >= warmupRuns) {
                result[0] += found;
                result[2 + run - warmupRuns] = elapsed;
            }
        }
        result[1] = solver.tableBytes();
        return result;
    }
}
