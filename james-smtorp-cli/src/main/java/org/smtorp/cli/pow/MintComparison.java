/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solution;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.hashcash.HashcashAlgorithm;
import org.smtorp.protocol.pow.hashcash.Stamp;

/**
 * Hashcash minting beside Debian's tool, in turns within one run so both see the
 * same machine load: per round the tool mints its stamps (one core, its default
 * minter), then ours on one core, then ours on all cores. Rates are SHA-1 tries
 * per second: the tool's from its {@code -v} tries over wall time, ours from the
 * solver's count over wall time. Run for a short resource, whose stamps fit in one
 * SHA-1 block, and for an SMTorP address, whose stamps take two: our minter is
 * faster on the first (HashcashAlgorithm), so both are reported.
 */
final class MintComparison {
    static final String SHORT_RESOURCE = "alice@example.org";
    static final String ONION_RESOURCE = "alice@pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

    private final int rounds;
    private final int stamps;
    private final int mintBits;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final int cores = Runtime.getRuntime().availableProcessors();

    MintComparison(int rounds, int stamps, int mintBits, Clock clock) {
        this.rounds = rounds;
        this.stamps = stamps;
        this.mintBits = mintBits;
        this.clock = clock;
    }

    void run() throws Exception {
        run(SHORT_RESOURCE);
        run(ONION_RESOURCE);
    }

    private void run(String resource) throws Exception {
        boolean tool = DebianHashcash.isInstalled();
        System.out.printf("Hashcash minting for %s, %d rounds of %d stamps of %d bits, in turns%s%n", resource, rounds,
            stamps, mintBits,
            tool ? ": Debian hashcash (1 core, its default minter), ours on 1 core, ours on " + cores + " cores"
                : " (Debian's hashcash is not installed: ours only)");
        Samples toolRates = new Samples();
        Samples oneCore = new Samples();
        Samples allCores = new Samples();
        for (int round = 1; round <= rounds; round++) {
            double toolRate = tool ? toolMintRate(resource) : Double.NaN;
            if (tool) {
                toolRates.add(toolRate);
            }
            double one = ourMintRate(resource, Solver.withThreads(1));
            double all = ourMintRate(resource, Solver.onAllCores());
            oneCore.add(one);
            allCores.add(all);
            System.out.printf("  round %d: tool %,12.0f   ours 1 core %,12.0f   ours %d cores %,12.0f tries/s%n", round,
                toolRate, one, cores, all);
        }
        System.out.printf("  median: ours on 1 core %,.0f tries/s, on %d cores %,.0f tries/s%n", oneCore.median(), cores,
            allCores.median());
        if (tool) {
            System.out.printf("  median: Debian hashcash %,.0f tries/s (its hashcash -s report now: %,d)%n",
                toolRates.median(), DebianHashcash.selfReportedSpeed().orElse(0L));
            System.out.printf("  ratio ours/tool: 1 core %.2fx (target 0.9x), %d cores %.2fx (target 1.5x)%n",
                oneCore.median() / toolRates.median(), cores, allCores.median() / toolRates.median());
        }
    }

    /** SHA-1 tries per second over this round's stamps, by the tool's own count. */
    private double toolMintRate(String resource) throws IOException {
        long tries = 0;
        long nanos = 0;
        for (int i = 0; i < stamps; i++) {
            long[] mint = DebianHashcash.mint(mintBits, resource);
            tries += mint[0];
            nanos += mint[1];
        }
        return tries / (nanos / 1e9);
    }

    /** SHA-1 tries per second over this round's stamps, minted as HashcashMinter does. */
    private double ourMintRate(String resource, Solver solver) throws Exception {
        long tries = 0;
        long nanos = 0;
        for (int i = 0; i < stamps; i++) {
            long started = System.nanoTime();
            Solution solution = solve(stampPrefix(mintBits, resource, clock, random), mintBits, solver);
            nanos += System.nanoTime() - started;
            tries += solution.tries();
        }
        return tries / (nanos / 1e9);
    }

    /** A stamp up to its counter, as HashcashMinter makes it: day date, empty extension, random rand. */
    static String stampPrefix(int bits, String resource, Clock clock, SecureRandom random) {
        byte[] rand = new byte[12];
        random.nextBytes(rand);
        return "1:" + bits + ":" + Stamp.dayOf(clock.instant()) + ":" + resource + "::"
            + Base64.getEncoder().encodeToString(rand) + ":";
    }

    static Solution solve(String prefix, int bits, Solver solver) throws Exception {
        return solver.solve(HashcashAlgorithm.create(), prefix.getBytes(StandardCharsets.US_ASCII), bits,
            Duration.ofMinutes(10), ProgressListener.NONE).get();
    }
}
