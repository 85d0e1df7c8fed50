/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solution;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.hashcash.FileSpentStampStore;
import org.smtorp.protocol.pow.hashcash.Stamp;
import org.smtorp.protocol.pow.hashcash.StampChecker;
import org.smtorp.protocol.pow.xpow.AlgorithmChoice;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.pow.xpow.Nonce;
import org.smtorp.protocol.pow.xpow.ProofInput;
import org.smtorp.protocol.pow.xpow.XpowClient;
import org.smtorp.protocol.pow.xpow.XpowCommand;
import org.smtorp.protocol.pow.xpow.XpowOffer;
import org.smtorp.protocol.pow.xpow.XpowVerifier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code smtorp pow bench}: solve and verify rates of each algorithm, argon2id's and
 * equihash's solve times at their defaults, and hashcash minting beside Debian's tool in one run.
 * Medians throughout; the machine's other load shows in the spread, so compare
 * figures of one run only.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Prints solve and verify rates of each algorithm, and hashcash mint rates on one core and "
        + "all cores beside Debian's hashcash tool (when installed), measured in turns in one run.")
final class PowBenchCommand implements Callable<Integer> {
    private static final String RESOURCE = MintComparison.ONION_RESOURCE;
    private static final String EQUIHASH = "equihash";
    private static final int VERIFY_BATCH = 10_000;
    private static final int VERIFY_BATCHES = 15;
    // Enough calls for the JIT to compile the path before measuring. Time as well as calls: equihash garbage
    // ran at 4 us a proof for its first 400,000 calls (1.5 s), then 0.5 us once C2 had compiled it.
    private static final int WARM_UP_BATCHES = 5;
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    @Option(names = "--seconds", defaultValue = "3", description = "Seconds of each solve-rate run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--solves", defaultValue = "11",
        description = "argon2id solves at its default difficulty (default: ${DEFAULT-VALUE}).")
    int solves;

    @Option(names = "--equihash-solves", defaultValue = "7",
        description = "equihash solves at its default difficulty (default: ${DEFAULT-VALUE}).")
    int equihashSolves;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds of hashcash minting, tool and ours in turn "
        + "(default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--stamps", defaultValue = "5", description = "Stamps per round and minter (default: ${DEFAULT-VALUE}).")
    int stamps;

    @Option(names = "--mint-bits", defaultValue = "24", description = "Bits of the benchmark stamps (default: ${DEFAULT-VALUE}).")
    int mintBits;

    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();
    private final AlgorithmRegistry registry = AlgorithmRegistry.all(clock);
    private final int cores = Runtime.getRuntime().availableProcessors();
    private Challenge argon2Challenge;

    @Override
    public Integer call() throws Exception {
        System.out.printf("smtorp pow bench: %d cores, %s %s%n%n", cores, System.getProperty("java.vm.name"),
            System.getProperty("java.version"));
        solveRates();
        XpowCommand argon2Proof = argon2Solves();
        SolvedProof equihashProof = equihashSolves();
        verifyCosts(argon2Proof, equihashProof);
        new MintComparison(rounds, stamps, mintBits, clock).run();
        return 0;
    }

    private void solveRates() throws InterruptedException {
        System.out.printf("Solve rate on %d cores, and the expected time of a one-recipient proof at today's default%n",
            cores);
        for (PowAlgorithm algorithm : registry.algorithms()) {
            double rate = triesPerSecond(algorithm, Solver.onAllCores(), Duration.ofSeconds(seconds));
            int bits = registry.bits(algorithm.name());
            System.out.printf("  %-9s %,14.0f tries/s   default %3d bits: expected mean %8.2f s%n", algorithm.name(),
                rate, bits, algorithm.expectedTries(bits) / rate);
        }
        System.out.println();
    }

    /**
     * Tries per second of a search that cannot succeed, between the solver's first
     * progress report after a third of the run (the JIT has compiled the loop) and its last.
     */
    private double triesPerSecond(PowAlgorithm algorithm, Solver solver, Duration duration) throws InterruptedException {
        long started = System.nanoTime();
        long warm = started + duration.toNanos() / 3;
        AtomicReference<long[]> first = new AtomicReference<>();
        AtomicReference<long[]> last = new AtomicReference<>();
        byte[] prefix = ProofInput.of(algorithm.name(), Challenge.random(random), 1, 1).prefix();
        try {
            solver.solve(algorithm, prefix, algorithm.maxBits(), duration, (done, expected) -> {
                long now = System.nanoTime();
                if (now - warm >= 0) {
                    first.compareAndSet(null, new long[] {done, now});
                    last.set(new long[] {done, now});
                }
            }).get(duration.toSeconds() + 60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException budgetSpent) {
            // Expected: the maximum difficulty is never reached.
        }
        if (first.get() == null || last.get()[1] == first.get()[1]) {
            throw new IllegalStateException("no progress reports to measure " + algorithm.name() + "; give more --seconds");
        }
        return (last.get()[0] - first.get()[0]) * 1e9 / (last.get()[1] - first.get()[1]);
    }

    private XpowCommand argon2Solves() throws Exception {
        XpowClient client = XpowClient.of(registry, Solver.onAllCores());
        Samples times = new Samples();
        XpowCommand proof = null;
        Challenge challenge = null;
        for (int i = 0; i < solves; i++) {
            challenge = Challenge.random(random);
            XpowOffer offer = XpowOffer.of(challenge, Map.of("argon2id", registry.bits("argon2id")));
            AlgorithmChoice choice = client.choose(offer, 1).orElseThrow();
            long started = System.nanoTime();
            proof = client.prove(offer, choice, 1, 1, Duration.ofMinutes(10), ProgressListener.NONE).get();
            times.add((System.nanoTime() - started) / 1e9);
        }
        System.out.printf("argon2id at its default %d bits, one recipient, %d cores: %d solves, median %.2f s, "
            + "mean %.2f s%n", registry.bits("argon2id"), cores, times.size(), times.median(), times.mean());
        PowAlgorithm argon2 = registry.algorithm("argon2id").orElseThrow();
        System.out.printf("  gate: %d bits of SHA-256 before each Argon2id (m=4096 KiB, t=1, p=1)%n%n",
            Math.round(Math.log(argon2.expectedTries(0)) / Math.log(2)));
        this.argon2Challenge = challenge;
        return proof;
    }

    /**
     * Equihash solves at the default price for one recipient, and the heap they took: the sum
     * of the heap pools' peaks since a collection just before (garbage not yet collected
     * included, so an upper bound of what the solvers need; EquihashSolveMeasure under -Xmx
     * checks the bound itself).
     */
    private SolvedProof equihashSolves() throws Exception {
        XpowClient client = XpowClient.of(registry, Solver.onAllCores());
        int bits = registry.bits(EQUIHASH);
        Samples times = new Samples();
        SolvedProof last = null;
        System.gc();
        long before = heapInUse();
        resetHeapPeaks();
        for (int i = 0; i < equihashSolves; i++) {
            Challenge challenge = Challenge.random(random);
            XpowOffer offer = XpowOffer.of(challenge, Map.of(EQUIHASH, bits));
            AlgorithmChoice choice = client.choose(offer, 1).orElseThrow();
            long started = System.nanoTime();
            XpowCommand proof = client.prove(offer, choice, 1, 1, Duration.ofMinutes(10), ProgressListener.NONE).get();
            times.add((System.nanoTime() - started) / 1e9);
            last = new SolvedProof(challenge, proof);
        }
        long peak = heapPeak();
        System.out.printf("equihash at its default %d bits, one recipient, %d cores: %d solves, median %.2f s, "
            + "mean %.2f s%n", bits, cores, times.size(), times.median(), times.mean());
        System.out.printf("  heap: peak %.1f MiB during the solves (sum of pool peaks, garbage included), %.1f MiB "
            + "in use before, max %d MiB%n%n", peak / 1048576.0, before / 1048576.0,
            Runtime.getRuntime().maxMemory() >> 20);
        return last;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
            .collect(Collectors.toList());
    }

    private static long heapInUse() {
        return heapPools().stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }

    private static void resetHeapPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long heapPeak() {
        return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    /** A proof and the challenge it answers. */
    private static final class SolvedProof {
        private final Challenge challenge;
        private final XpowCommand command;

        SolvedProof(Challenge challenge, XpowCommand command) {
            this.challenge = challenge;
            this.command = command;
        }
    }

    private void verifyCosts(XpowCommand argon2Proof, SolvedProof equihashProof) throws Exception {
        // The fastest batch is the cost with the least interference from other processes on a shared machine.
        System.out.println("Verify cost, server side (median of " + VERIFY_BATCHES + " batches)");
        XpowVerifier verifier = XpowVerifier.of(registry);
        Challenge challenge = argon2Challenge;
        String[] garbage = new String[VERIFY_BATCH];
        for (String algorithm : List.of(EQUIHASH, "argon2id", "sha256")) {
            // Random proofs of a length the algorithm takes (8 bytes for the hashes, as their solvers'
            // nonces), so that each is refused by the algorithm's check, not by the length rule.
            PowAlgorithm proofRules = registry.algorithm(algorithm).orElseThrow();
            int proofBytes = Math.min(Math.max(8, proofRules.minProofBytes()), proofRules.maxProofBytes());
            for (int i = 0; i < garbage.length; i++) {
                byte[] nonce = new byte[proofBytes];
                random.nextBytes(nonce);
                garbage[i] = algorithm + " 1 " + Nonce.of(nonce).asString();
            }
            Samples reject = batchTimes(VERIFY_BATCH, VERIFY_BATCHES,
                i -> verifier.verify(challenge, 1, garbage[i % garbage.length]));
            System.out.printf("  %-9s garbage proof refused  %,10.0f ns (fastest batch %,.0f ns)%n", algorithm,
                reject.median(), reject.min());
        }
        double argon2 = nanosPerOperation(5, 5, i -> verifier.verify(challenge, 1, argon2Proof.arguments()));
        System.out.printf("  %-9s accepted proof         %,10.0f ns (one SHA-256 gate and one Argon2id)%n", "argon2id",
            argon2);
        if (!verifier.verify(equihashProof.challenge, 1, equihashProof.command.arguments()).isAccepted()) {
            throw new IllegalStateException("the equihash proof solved here was refused: " + equihashProof.command);
        }
        double equihash = nanosPerOperation(i -> verifier.verify(equihashProof.challenge, 1,
            equihashProof.command.arguments()));
        System.out.printf("  %-9s accepted proof         %,10.0f ns (one SHA-256 and the Equihash check: 2^k BLAKE2b)%n",
            EQUIHASH, equihash);
        AlgorithmRegistry easy = registry.withSettings(List.of("sha256=12"));
        XpowOffer offer = XpowOffer.of(challenge, Map.of("sha256", 12));
        XpowClient client = XpowClient.of(easy, Solver.onAllCores());
        XpowCommand sha256Proof = client.prove(offer, client.choose(offer, 1).orElseThrow(), 1, 1,
            Duration.ofMinutes(1), ProgressListener.NONE).get();
        XpowVerifier easyVerifier = XpowVerifier.of(easy);
        double sha256 = nanosPerOperation(i -> easyVerifier.verify(challenge, 1, sha256Proof.arguments()));
        System.out.printf("  %-9s accepted proof         %,10.0f ns (one SHA-256, whatever the bits)%n", "sha256", sha256);

        String today = Stamp.dayOf(clock.instant());
        String[] stamps = new String[VERIFY_BATCH];
        for (int i = 0; i < stamps.length; i++) {
            stamps[i] = "1:20:" + today + ":" + RESOURCE + "::c2FsdHNhbHRzYWx0:" + Long.toString(random.nextLong() >>> 1, 36);
        }
        StampChecker noStore = StampChecker.of((stamp, expiry) -> true, clock);
        Samples stampReject = batchTimes(VERIFY_BATCH, VERIFY_BATCHES,
            i -> noStore.check(stamps[i % stamps.length], RESOURCE, 20));
        System.out.printf("  %-9s garbage stamp refused  %,10.0f ns (fastest batch %,.0f ns)%n", "hashcash",
            stampReject.median(), stampReject.min());
        String valid = mintStamp(16, Solver.onAllCores()).asString();
        double stampAccept = nanosPerOperation(i -> noStore.check(valid, RESOURCE, 16));
        System.out.printf("  %-9s accepted stamp         %,10.0f ns (one SHA-1; the spent-stamp store is extra)%n",
            "hashcash", stampAccept);
        System.out.printf("  %-9s spent-stamp file write %,10.0f ns (append and fsync)%n%n", "hashcash", spendCost());
    }

    private double spendCost() throws Exception {
        Path directory = Files.createTempDirectory("smtorp-bench");
        Path file = directory.resolve("spent");
        try (FileSpentStampStore store = FileSpentStampStore.open(file, clock)) {
            Instant expiry = clock.instant().plus(Duration.ofDays(30));
            String today = Stamp.dayOf(clock.instant());
            long[] counter = {0};
            return nanosPerOperation(20, 10, i -> store.spend(
                Stamp.parse("1:20:" + today + ":" + RESOURCE + "::bench:" + counter[0]++), expiry));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        }
    }

    private interface Operation {
        void run(int i) throws Exception;
    }

    private static double nanosPerOperation(Operation operation) throws Exception {
        return batchTimes(VERIFY_BATCH, VERIFY_BATCHES, operation).median();
    }

    private static double nanosPerOperation(int batch, int batches, Operation operation) throws Exception {
        return batchTimes(batch, batches, operation).median();
    }

    /**
     * The time per operation of each batch, after warm-up batches that are dropped: for
     * verify batches, at least {@link #WARM_UP_BATCHES} and {@link #WARM_UP_NANOS}.
     */
    private static Samples batchTimes(int batch, int batches, Operation operation) throws Exception {
        boolean verify = batch >= VERIFY_BATCH;
        long warmUntil = System.nanoTime() + (verify ? WARM_UP_NANOS : 0);
        for (int b = 0; b < (verify ? WARM_UP_BATCHES : 1) || System.nanoTime() - warmUntil < 0; b++) {
            runBatch(batch, operation);
        }
        Samples samples = new Samples();
        for (int b = 0; b < batches; b++) {
            samples.add(runBatch(batch, operation));
        }
        return samples;
    }

    /** Runs a batch; returns its time per operation in nanoseconds. */
    private static double runBatch(int batch, Operation operation) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            operation.run(i);
        }
        return (System.nanoTime() - started) / (double) batch;
    }

    private Stamp mintStamp(int bits, Solver solver) throws Exception {
        String prefix = MintComparison.stampPrefix(bits, RESOURCE, clock, random);
        Solution solution = MintComparison.solve(prefix, bits, solver);
        return Stamp.parse(prefix + new String(solution.nonce(), StandardCharsets.US_ASCII));
    }
}
