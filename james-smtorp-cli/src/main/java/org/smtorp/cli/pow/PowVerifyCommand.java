/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.smtorp.protocol.pow.hashcash.FileSpentStampStore;
import org.smtorp.protocol.pow.hashcash.HashcashAlgorithm;
import org.smtorp.protocol.pow.hashcash.InMemorySpentStampStore;
import org.smtorp.protocol.pow.hashcash.StampChecker;
import org.smtorp.protocol.pow.hashcash.StampVerdict;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code smtorp pow verify}: exit 0 for a valid stamp, 1 with the reason for an invalid one. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Checks a hashcash v1 stamp as a receiving server does: bits, resource, date window "
        + "(28 days, 2 days of grace) and, with --spent-db, double spending. Exits 0 if valid, 1 if not.")
final class PowVerifyCommand implements Callable<Integer> {
    @Option(names = "--alg", defaultValue = HashcashAlgorithm.NAME, description = "The algorithm; only hashcash.")
    String algorithm;

    @Option(names = "--bits", required = true, description = "The bits required.")
    int bits;

    @Option(names = "--resource", required = true, description = "The resource the stamp must name.")
    String resource;

    @Option(names = "--spent-db", paramLabel = "FILE",
        description = "A spent-stamp file: the stamp is recorded, and refused if it was spent before.")
    Path spentDb;

    @Parameters(paramLabel = "STAMP", description = "The stamp, e.g. 1:20:261129:alice@example.onion::...")
    String stamp;

    @Override
    public Integer call() throws IOException {
        if (!HashcashAlgorithm.NAME.equals(algorithm)) {
            System.err.println("smtorp pow verify: --alg " + algorithm + " is not a stamp algorithm; only hashcash");
            return 2;
        }
        Clock clock = Clock.systemUTC();
        StampVerdict verdict;
        if (spentDb == null) {
            verdict = StampChecker.of(InMemorySpentStampStore.create(clock), clock).check(stamp, resource, bits);
        } else {
            try (FileSpentStampStore store = FileSpentStampStore.open(spentDb, clock)) {
                verdict = StampChecker.of(store, clock).check(stamp, resource, bits);
            }
        }
        if (verdict.isValid()) {
            System.out.println(verdict.message());
            return 0;
        }
        System.err.println("invalid stamp (" + verdict.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + "): " + verdict.message());
        return 1;
    }
}
