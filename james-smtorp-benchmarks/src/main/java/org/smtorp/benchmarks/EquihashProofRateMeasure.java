/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.smtorp.protocol.pow.equihash.EquihashParameters;
import org.smtorp.protocol.pow.equihash.EquihashSolver;

/**
 * Our solver on one thread, measured as the C reference driver
 * ({@code src/main/c/equihash_reference_rate.c}) measures Debian's libequihash: for
 * each seed, Wagner runs over nonces until one yields a solution, and the same
 * output line (proofs/s, runs/s). Unlike the reference we keep every solution of a
 * run; solutions/run says how many. Arguments: {@code N K SEEDS}.
 */
public final class EquihashProofRateMeasure {
    /** As the reference driver: a 47-byte XPOW prefix rounded up, then our 8-byte nonce. */
    private static final int SEED_BYTES = 48;
    private static final int WARMUP_SEEDS = 3;

    private EquihashProofRateMeasure() {
    }

    public static void main(String[] arguments) {
        EquihashParameters parameters = EquihashParameters.of(Integer.parseInt(arguments[0]),
            Integer.parseInt(arguments[1]));
        int seeds = Integer.parseInt(arguments[2]);
        EquihashSolver solver = new EquihashSolver();
        for (int seed = 0; seed < WARMUP_SEEDS; seed++) {
            firstProof(solver, parameters, -1 - seed);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long runs = 0;
        long solutions = 0;
        long wallStart = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int seed = 0; seed < seeds; seed++) {
            long[] counts = firstProof(solver, parameters, seed);
            runs += counts[0];
            solutions += counts[1];
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("ours smtorp %s threads=1 proofs=%d runs=%d runs/proof=%.2f wall=%.2f s cpu=%.2f s"
                + " runs/s=%.2f proofs/s=%.2f ms/run=%.1f cpu ms/run=%.1f cpu ms/proof=%.1f solutions/run=%.2f"
                + " solutions/s=%.2f tables=%.1f MiB%n",
            parameters, seeds, runs, runs / (double) seeds, wall, cpu, runs / wall, seeds / wall,
            1000 * wall / runs, 1000 * cpu / runs, 1000 * cpu / seeds, solutions / (double) runs, solutions / wall,
            solver.tableBytes() / 1048576.0);
    }

    /** Runs, then solutions found in them, until the first run with a solution. */
    private static long[] firstProof(EquihashSolver solver, EquihashParameters parameters, long seed) {
        byte[] input = new byte[SEED_BYTES + 8];
        byte[] label = "SMTorP-XPOW-1 reference rate".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, input, 0, label.length);
        for (int i = 0; i < 8; i++) {
            input[SEED_BYTES - 8 + i] = (byte) (seed >>> (8 * i));
        }
        for (long nonce = 0;; nonce++) {
            for (int i = 0; i < 8; i++) {
                input[SEED_BYTES + i] = (byte) (nonce >>> (8 * i));
            }
            List<int[]> found = solver.solve(parameters, "SMTorPoW", input, () -> false);
            if (!found.isEmpty()) {
                return new long[] {nonce + 1, found.size()};
            }
        }
    }
}
