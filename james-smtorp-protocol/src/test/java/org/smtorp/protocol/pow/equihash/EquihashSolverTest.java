/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtorp.protocol.pow.Hex;

class EquihashSolverTest {
    private static final EquihashParameters N96_K5 = EquihashParameters.of(96, 5);
    private static final String SMTORP_TAG = "SMTorPoW";

    private final EquihashSolver solver = new EquihashSolver();

    static Stream<Vector> zcashSolutionSets() {
        return vectors("zcash-96-5-solutions.txt", N96_K5, EquihashHashes.ZCASH_TAG).stream();
    }

    static Stream<Vector> smtorpSolutionSets() {
        return Stream.concat(vectors("smtorp-96-5-solutions.txt", N96_K5, SMTORP_TAG).stream(),
            vectors("smtorp-120-5-solutions.txt", EquihashParameters.of(120, 5), SMTORP_TAG).stream());
    }

    @ParameterizedTest
    @MethodSource("zcashSolutionSets")
    void solveShouldFindExactlyZcashSolutionSet(Vector vector) {
        List<int[]> solutions = solver.solve(vector.parameters, vector.tag, vector.input, () -> false);

        assertThat(asLists(solutions)).containsExactlyElementsOf(asLists(vector.solutions));
        assertThat(solver.droppedEntries()).isZero();
    }

    @ParameterizedTest
    @MethodSource("smtorpSolutionSets")
    void solveShouldFindExactlyOurCrossCheckedSolutionSet(Vector vector) {
        List<int[]> solutions = solver.solve(vector.parameters, vector.tag, vector.input, () -> false);

        assertThat(asLists(solutions)).containsExactlyElementsOf(asLists(vector.solutions));
        assertThat(solver.droppedEntries()).isZero();
    }

    @ParameterizedTest
    @MethodSource({"zcashSolutionSets", "smtorpSolutionSets"})
    void everySolutionShouldBeATreeOfCollisionsEndingInZero(Vector vector) {
        List<int[]> solutions = solver.solve(vector.parameters, vector.tag, vector.input, () -> false);

        assertThat(solutions).isNotEmpty();
        EquihashHashes hashes = EquihashHashes.of(vector.parameters, vector.tag, vector.input);
        for (int[] solution : solutions) {
            assertThat(solution).hasSize(vector.parameters.solutionIndices());
            assertThat(Arrays.stream(solution).distinct().count()).isEqualTo(solution.length);
            assertCollisionTree(vector.parameters, hashes, solution);
        }
    }

    @Test
    void solveShouldReuseItsTablesAcrossParameters() {
        Vector zcash = zcashSolutionSets().findFirst().orElseThrow();
        Vector ours = smtorpSolutionSets().filter(v -> v.parameters.n() == 120).findFirst().orElseThrow();

        solver.solve(zcash.parameters, zcash.tag, zcash.input, () -> false);
        solver.solve(ours.parameters, ours.tag, ours.input, () -> false);
        List<int[]> again = solver.solve(zcash.parameters, zcash.tag, zcash.input, () -> false);

        assertThat(asLists(again)).containsExactlyElementsOf(asLists(zcash.solutions));
    }

    @Test
    void solveShouldThrowCancellationWhenStoppedBeforeStart() {
        Vector vector = zcashSolutionSets().findFirst().orElseThrow();

        assertThatThrownBy(() -> solver.solve(vector.parameters, vector.tag, vector.input, () -> true))
            .isInstanceOf(CancellationException.class);
    }

    @Test
    void solveShouldThrowCancellationWhenStoppedBetweenLevelsAndStayUsable() {
        Vector vector = zcashSolutionSets().findFirst().orElseThrow();
        AtomicInteger polls = new AtomicInteger();
        // Past generation (about 100 polls at (96,5)), inside the first collision level.
        int stopAt = 150;

        assertThatThrownBy(() -> solver.solve(vector.parameters, vector.tag, vector.input,
            () -> polls.incrementAndGet() > stopAt)).isInstanceOf(CancellationException.class);
        assertThat(polls.get()).isEqualTo(stopAt + 1);
        assertThat(asLists(solver.solve(vector.parameters, vector.tag, vector.input, () -> false)))
            .containsExactlyElementsOf(asLists(vector.solutions));
    }

    /**
     * Checks the construction directly on the hashes: at each level the two halves'
     * XORs agree on the level's collision bits, the left half starts with the smaller
     * index, and all the hashes XOR to zero.
     */
    private static void assertCollisionTree(EquihashParameters parameters, EquihashHashes hashes, int[] solution) {
        int bytes = parameters.hashBytes();
        byte[][] xors = new byte[solution.length][];
        for (int i = 0; i < solution.length; i++) {
            xors[i] = hashes.hash(solution[i]);
        }
        for (int level = 1, size = 2; size <= solution.length; level++, size *= 2) {
            for (int start = 0; start < solution.length; start += size) {
                int half = size / 2;
                assertThat(solution[start]).as("order at level %d", level).isLessThan(solution[start + half]);
                byte[] merged = new byte[bytes];
                for (int b = 0; b < bytes; b++) {
                    merged[b] = (byte) (xors[start][b] ^ xors[start + half][b]);
                }
                int zeroBits = level == parameters.k() ? parameters.n() : level * parameters.collisionBits();
                assertThat(leadingZeroBits(merged)).as("collision at level %d", level)
                    .isGreaterThanOrEqualTo(zeroBits);
                xors[start] = merged;
            }
        }
        assertThat(xors[0]).containsOnly(0);
    }

    private static int leadingZeroBits(byte[] bytes) {
        int bits = 0;
        for (byte b : bytes) {
            if (b != 0) {
                return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
            }
            bits += 8;
        }
        return bits;
    }

    private static List<List<Integer>> asLists(List<int[]> solutions) {
        return solutions.stream().map(s -> Arrays.stream(s).boxed().collect(Collectors.toList()))
            .collect(Collectors.toList());
    }

    private static List<Vector> vectors(String resource, EquihashParameters parameters, String tag) {
        List<Vector> vectors = new ArrayList<>();
        try (InputStream stream = EquihashSolverTest.class.getResourceAsStream("/equihash/" + resource);
             BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.US_ASCII))) {
            byte[] input = null;
            List<int[]> solutions = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("input ")) {
                    input = Hex.parse(line.substring("input ".length()));
                    solutions = new ArrayList<>();
                } else if (line.startsWith("solution ")) {
                    solutions.add(Arrays.stream(line.substring("solution ".length()).split(","))
                        .mapToInt(Integer::parseInt).toArray());
                } else if (line.equals("end")) {
                    vectors.add(new Vector(parameters, tag, input, solutions));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(vectors).as(resource).isNotEmpty();
        return vectors;
    }

    static final class Vector {
        final EquihashParameters parameters;
        final String tag;
        final byte[] input;
        final List<int[]> solutions;

        Vector(EquihashParameters parameters, String tag, byte[] input, List<int[]> solutions) {
            this.parameters = parameters;
            this.tag = tag;
            this.input = input;
            this.solutions = List.copyOf(solutions);
        }

        @Override
        public String toString() {
            return parameters + " " + tag + " " + Hex.format(input) + " (" + solutions.size() + " solutions)";
        }
    }
}
