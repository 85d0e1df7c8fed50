/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.crypto.digests.SHA1Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.Search;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.pow.xpow.ProofInput;

/**
 * What a sender pays per try, per thread: run with {@code -t 1} for one core and
 * {@code -t max} for all. The difficulty is unreachable, so every try is a miss.
 * {@code hashcashBouncyCastle} is the same midstate search with BouncyCastle's
 * SHA1Digest (a Memoable copy per try) instead of the JDK's SHA-1, to show why
 * the minter uses the JDK's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SearchBenchmark {
    private static final int TRIES = 4096;
    private static final String STAMP_PREFIX = "1:20:261129:alice@abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd"
        + ".onion::c2FsdHNhbHRzYWx0:";
    // A typical e-mail address: the whole stamp fits in one SHA-1 block, no midstate copy.
    private static final String SHORT_STAMP_PREFIX = "1:20:261129:alice@example.org::c2FsdHNhbHRzYWx0:";

    private final AlgorithmRegistry registry = AlgorithmRegistry.all(Clock.systemUTC());
    private Search sha256;
    private Search argon2id;
    private Search hashcash;
    private Search hashcashShortStamp;
    private SHA1Digest bouncyCastleMidstate;
    private SHA1Digest bouncyCastleDigest;
    private byte[] bouncyCastleTail;
    private final byte[] hash = new byte[20];
    private long next;

    @Setup
    public void prepare() {
        Challenge challenge = Challenge.random(new SecureRandom());
        sha256 = search("sha256", ProofInput.of("sha256", challenge, 1, 1).prefix());
        argon2id = search("argon2id", ProofInput.of("argon2id", challenge, 1, 1).prefix());
        hashcash = search("hashcash", STAMP_PREFIX.getBytes(StandardCharsets.US_ASCII));
        hashcashShortStamp = search("hashcash", SHORT_STAMP_PREFIX.getBytes(StandardCharsets.US_ASCII));
        byte[] stamp = (STAMP_PREFIX + "AAAAAAAAAAA").getBytes(StandardCharsets.US_ASCII);
        int constant = stamp.length / 64 * 64;
        bouncyCastleMidstate = new SHA1Digest();
        bouncyCastleMidstate.update(stamp, 0, constant);
        bouncyCastleDigest = new SHA1Digest(bouncyCastleMidstate);
        bouncyCastleTail = Arrays.copyOfRange(stamp, constant, stamp.length);
    }

    private Search search(String name, byte[] prefix) {
        PowAlgorithm algorithm = registry.algorithm(name).orElseThrow();
        return algorithm.search(prefix, algorithm.maxBits());
    }

    private Optional<byte[]> tries(Search search) {
        Optional<byte[]> found = search.run(next, TRIES);
        next += TRIES;
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(TRIES)
    public Optional<byte[]> sha256() {
        return tries(sha256);
    }

    @Benchmark
    @OperationsPerInvocation(TRIES)
    public Optional<byte[]> argon2id() {
        return tries(argon2id);
    }

    @Benchmark
    @OperationsPerInvocation(TRIES)
    public Optional<byte[]> hashcash() {
        return tries(hashcash);
    }

    @Benchmark
    @OperationsPerInvocation(TRIES)
    public Optional<byte[]> hashcashShortStamp() {
        return tries(hashcashShortStamp);
    }

    @Benchmark
    @OperationsPerInvocation(TRIES)
    public int hashcashBouncyCastle() {
        int zeros = 0;
        byte[] tail = bouncyCastleTail;
        for (int i = 0; i < TRIES; i++) {
            long n = next++;
            for (int d = tail.length - 1; d >= tail.length - 11; d--) {
                tail[d] = (byte) ('A' + (n & 15));
                n >>>= 4;
            }
            bouncyCastleDigest.reset(bouncyCastleMidstate);
            bouncyCastleDigest.update(tail, 0, tail.length);
            bouncyCastleDigest.doFinal(hash, 0);
            zeros |= hash[0];
        }
        return zeros;
    }
}
