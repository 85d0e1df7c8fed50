/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.benchmarks;

import java.util.List;
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
import org.smtorp.protocol.pow.equihash.EquihashParameters;
import org.smtorp.protocol.pow.equihash.EquihashSolver;

/**
 * One Equihash solver run (all solutions of one nonce) per operation, per thread:
 * {@code -t 1} for one core, {@code -t 2} for two. Sample mode gives the median
 * ({@code p0.50}); {@code -prof gc} the garbage per run. Mean solutions per run and
 * peak heap: {@link EquihashSolveMeasure}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = "-Xmx192m")
public class EquihashSolveBenchmark {
    @Param({"96", "120"})
    public int n;

    private final EquihashSolver solver = new EquihashSolver();
    private EquihashParameters parameters;
    private final byte[] input = new byte[140];
    private long nonce;

    @Setup
    public void prepare() {
        parameters = EquihashParameters.of(n, 5);
    }

    @Benchmark
    public List<int[]> solve() {
        long next = nonce++;
        for (int i = 0; i < 8; i++) {
            input[input.length - 8 + i] = (byte) (next >>> (8 * i));
        }
        return solver.solve(parameters, "SMTorPoW", input, () -> false);
    }
}
