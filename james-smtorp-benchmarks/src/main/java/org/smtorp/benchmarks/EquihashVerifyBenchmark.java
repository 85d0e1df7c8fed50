/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.smtorp.protocol.pow.equihash.EquihashCheck;
import org.smtorp.protocol.pow.equihash.EquihashParameters;
import org.smtorp.protocol.pow.equihash.EquihashVerifier;
import org.smtorp.protocol.pow.equihash.SolutionEncoding;

/**
 * What the server pays per Equihash solution (targets: an accepted (96,5) or (120,5) one at
 * most 50 us, any garbage at most 2 us): an accepted one, random indices, random indices sorted
 * (well ordered and distinct at every node, so only hashes refuse them), and the cheapest
 * garbage that gets past the first pair: one colliding pair repeated, refused as duplicate
 * indices at level 2 (the right pair repeats the left one, so two hashes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EquihashVerifyBenchmark {
    private static final int GARBAGE = 1024;

    @Param({"96,5", "120,5", "200,9"})
    public String nk;

    private final EquihashVerifier verifier = EquihashVerifier.create();
    private final int[][] randomGarbage = new int[GARBAGE][];
    private final int[][] sortedGarbage = new int[GARBAGE][];
    private EquihashParameters parameters;
    private String tag;
    private byte[] input;
    private int[] solution;
    private byte[] minimalSolution;
    private int[] repeatedPair;
    private int next;

    @Setup
    public void prepare() throws IOException {
        String[] fields = solutionLine(nk);
        parameters = EquihashParameters.of(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]));
        tag = fields[2];
        input = hex(fields[3]);
        solution = Arrays.stream(fields[4].split(",")).mapToInt(Integer::parseInt).toArray();
        minimalSolution = SolutionEncoding.encode(parameters, solution);
        repeatedPair = new int[solution.length];
        for (int i = 0; i < repeatedPair.length; i++) {
            repeatedPair[i] = solution[i % 2];
        }
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < GARBAGE; i++) {
            randomGarbage[i] = random.ints(solution.length, 0, parameters.hashCount()).toArray();
            sortedGarbage[i] = random.ints(0, parameters.hashCount()).distinct().limit(solution.length).sorted()
                .toArray();
        }
        expect(verifier.verify(parameters, tag, input, solution), EquihashCheck.Kind.VALID);
        expect(verifier.verify(parameters, tag, input, repeatedPair), EquihashCheck.Kind.DUPLICATE_INDICES);
    }

    private static void expect(EquihashCheck check, EquihashCheck.Kind kind) {
        if (check.kind() != kind) {
            throw new IllegalStateException("setup expected " + kind + ", got " + check);
        }
    }

    private static String[] solutionLine(String nk) throws IOException {
        String prefix = nk.replace(',', ' ') + " ";
        try (InputStream in = EquihashVerifyBenchmark.class.getResourceAsStream("equihash-solutions.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            return reader.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no solution for " + nk)).split(" ");
        }
    }

    private static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    @Benchmark
    public EquihashCheck equihashAccepted() {
        return verifier.verify(parameters, tag, input, solution);
    }

    @Benchmark
    public EquihashCheck equihashAcceptedMinimal() {
        return verifier.verify(parameters, tag, input, minimalSolution);
    }

    @Benchmark
    public EquihashCheck equihashGarbageRandomRefused() {
        return verifier.verify(parameters, tag, input, randomGarbage[next++ & (GARBAGE - 1)]);
    }

    @Benchmark
    public EquihashCheck equihashGarbageWellOrderedRefused() {
        return verifier.verify(parameters, tag, input, sortedGarbage[next++ & (GARBAGE - 1)]);
    }

    @Benchmark
    public EquihashCheck equihashGarbageRepeatedPairRefused() {
        return verifier.verify(parameters, tag, input, repeatedPair);
    }
}
