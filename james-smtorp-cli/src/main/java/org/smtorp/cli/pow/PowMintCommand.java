/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.hashcash.HashcashAlgorithm;
import org.smtorp.protocol.pow.hashcash.HashcashMinter;
import org.smtorp.protocol.pow.hashcash.Stamp;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code smtorp pow mint}: prints hashcash stamps, one per line. */
@Command(name = "mint", mixinStandardHelpOptions = true,
    description = "Mints hashcash v1 stamps for RESOURCE (a recipient address), one per line, "
        + "compatible with Debian's hashcash tool.")
final class PowMintCommand implements Callable<Integer> {
    @Option(names = "--alg", defaultValue = HashcashAlgorithm.NAME,
        description = "The algorithm; only hashcash mints stamps (XPOW proofs need a server's challenge).")
    String algorithm;

    @Option(names = "--bits", required = true, description = "Leading zero bits of SHA-1 (0 to 160).")
    int bits;

    @Option(names = "--count", defaultValue = "1", description = "How many stamps (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--threads", description = "Solving threads (default: one per core).")
    Integer threads;

    @Parameters(paramLabel = "RESOURCE", description = "The resource, e.g. alice@example.onion.")
    String resource;

    @Override
    public Integer call() throws InterruptedException {
        if (!HashcashAlgorithm.NAME.equals(algorithm)) {
            System.err.println("smtorp pow mint: --alg " + algorithm + " cannot mint; only hashcash stamps can "
                + "(XPOW proofs are bound to a server's challenge)");
            return 2;
        }
        if (bits < 0 || bits > Stamp.MAX_BITS || count < 1) {
            System.err.println("smtorp pow mint: --bits must be from 0 to " + Stamp.MAX_BITS + " and --count at least 1");
            return 2;
        }
        Solver solver = threads == null ? Solver.onAllCores() : Solver.withThreads(threads);
        HashcashMinter minter = HashcashMinter.of(solver, Clock.systemUTC(), new SecureRandom());
        for (int i = 1; i <= count; i++) {
            ProgressListener bar = ProgressBar.forTerminal("stamp " + i + "/" + count);
            try {
                Stamp stamp = minter.mint(resource, bits, Duration.ofDays(365), bar).get();
                ProgressBar.clear(bar);
                System.out.println(stamp.asString());
            } catch (ExecutionException e) {
                ProgressBar.clear(bar);
                System.err.println("smtorp pow mint: " + e.getCause().getMessage());
                return 1;
            }
        }
        return 0;
    }
}
