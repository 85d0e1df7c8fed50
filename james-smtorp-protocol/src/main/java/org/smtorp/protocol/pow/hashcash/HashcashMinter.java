/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solution;
import org.smtorp.protocol.pow.Solver;

/**
 * Mints hashcash version 1 stamps the way the tool does by default (day date,
 * 16 random base64 characters, empty extension), on the solver's threads.
 */
public final class HashcashMinter {
    private static final int RAND_CHARS = 16;
    private static final char[] ALPHABET =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final HashcashAlgorithm hashcash = HashcashAlgorithm.create();
    private final Solver solver;
    private final Clock clock;
    private final SecureRandom random;

    private HashcashMinter(Solver solver, Clock clock, SecureRandom random) {
        this.solver = solver;
        this.clock = clock;
        this.random = random;
    }

    public static HashcashMinter of(Solver solver, Clock clock, SecureRandom random) {
        return new HashcashMinter(solver, clock, random);
    }

    /** Starts minting a stamp of {@code bits} for {@code resource}; cancel the future to stop. */
    public CompletableFuture<Stamp> mint(String resource, int bits, Duration budget, ProgressListener listener) {
        Stamp unfinished = Stamp.of(bits, Stamp.dayOf(clock.instant()), resource, "", rand(), "A");
        byte[] prefix = unfinished.prefix().getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<Solution> search = solver.solve(hashcash, prefix, bits, budget, listener);
        CompletableFuture<Stamp> stamp = search.thenApply(solution ->
            Stamp.parse(unfinished.prefix() + new String(solution.nonce(), StandardCharsets.US_ASCII)));
        // Cancelling the stamp stops the search threads.
        stamp.whenComplete((done, failure) -> search.cancel(true));
        return stamp;
    }

    private String rand() {
        char[] chars = new char[RAND_CHARS];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
