/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;

import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.Search;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.pow.xpow.ProofInput;

/**
 * What a sender pays for one-recipient proofs, solved for real on one thread: CPU
 * seconds per proof over fresh challenges (median and mean: a proof's cost is random, so
 * few proofs give a rough mean), and the steadier figure of the price table in
 * docs/xpow.md, CPU per try measured here times the expected tries. Arguments:
 * {@code ALGORITHM BITS PROOFS}, e.g. {@code equihash 7 20}; hashcash mints stamps for an
 * SMTorP address.
 */
public final class PowPriceMeasure {
    private static final String STAMP_PREFIX = "1:24:261206:alice@abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd"
        + ".onion::";

    private PowPriceMeasure() {
    }

    public static void main(String[] arguments) {
        String name = arguments[0];
        int bits = Integer.parseInt(arguments[1]);
        int proofs = Integer.parseInt(arguments[2]);
        PowAlgorithm algorithm = AlgorithmRegistry.all(Clock.systemUTC()).algorithm(name).orElseThrow(
            () -> new IllegalArgumentException("no XPOW algorithm " + name));
        SecureRandom random = new SecureRandom();
        solve(algorithm, Challenge.random(random), bits); // warm-up
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] seconds = new double[proofs];
        long tries = 0;
        for (int proof = 0; proof < proofs; proof++) {
            long start = threads.getCurrentThreadCpuTime();
            tries += solve(algorithm, Challenge.random(random), bits);
            seconds[proof] = (threads.getCurrentThreadCpuTime() - start) / 1e9;
        }
        double total = Arrays.stream(seconds).sum();
        double perTry = total / tries;
        Arrays.sort(seconds);
        System.out.printf("%s at %d bits, 1 recipient, 1 thread: %d proofs, CPU s per proof median %.2f mean %.2f"
                + " (min %.2f max %.2f); %d tries, CPU per try %.0f ns; expected CPU s per proof %.2f"
                + " (%.4g tries); peak heap %.1f MiB%n", name, bits, proofs, seconds[proofs / 2], total / proofs,
            seconds[0], seconds[proofs - 1], tries, perTry * 1e9, perTry * algorithm.expectedTries(bits),
            algorithm.expectedTries(bits), peakHeapMiB());
    }

    /** The tries made, to within one call's worth. */
    private static long solve(PowAlgorithm algorithm, Challenge challenge, int bits) {
        boolean xpow = algorithm.binding() == PowAlgorithm.Binding.CHALLENGE;
        byte[] prefix = xpow ? ProofInput.of(algorithm.name(), challenge, 1, 1).prefix()
            : (STAMP_PREFIX + challenge.asString().replace('-', '+').replace('_', '/') + ":")
                .getBytes(StandardCharsets.US_ASCII);
        // One Wagner run a call for equihash (about 2 solutions), many hashes for the others.
        long triesPerCall = algorithm.asymmetric() ? 1 : 4096;
        Search search = algorithm.search(prefix, bits);
        for (long first = 0;; first += triesPerCall) {
            if (search.run(first, triesPerCall).isPresent()) {
                return first + triesPerCall;
            }
        }
    }

    private static double peakHeapMiB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
            .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / 1048576.0;
    }
}
