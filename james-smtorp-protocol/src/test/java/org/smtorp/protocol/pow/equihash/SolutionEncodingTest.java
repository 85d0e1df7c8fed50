/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtorp.protocol.pow.Hex;

class SolutionEncodingTest {
    private static final EquihashParameters ZCASH_BLOCKS = EquihashParameters.of(200, 9);

    static Stream<Arguments> librustzcashEncodings() {
        return EquihashVectors.minimalEncodings().stream().map(fields -> Arguments.of(
            EquihashParameters.of(Integer.parseInt(fields[0]), Integer.parseInt(fields[1])), fields[2], fields[3]));
    }

    static Stream<EquihashVectors.Vector> validVectors() {
        return EquihashVectors.valid().stream();
    }

    @ParameterizedTest
    @MethodSource("librustzcashEncodings")
    void encodeShouldGiveLibrustzcashsMinimalEncoding(EquihashParameters parameters, String minimal, String indices) {
        assertThat(Hex.format(SolutionEncoding.encode(parameters, EquihashVectors.indices(indices)))).isEqualTo(minimal);
    }

    @ParameterizedTest
    @MethodSource("librustzcashEncodings")
    void decodeShouldGiveTheIndicesOfLibrustzcashsMinimalEncoding(EquihashParameters parameters, String minimal,
                                                                  String indices) {
        assertThat(SolutionEncoding.decode(parameters, Hex.parse(minimal)))
            .hasValueSatisfying(decoded -> assertThat(decoded).containsExactly(EquihashVectors.indices(indices)));
    }

    @ParameterizedTest
    @MethodSource("validVectors")
    void decodeShouldUndoEncode(EquihashVectors.Vector vector) {
        byte[] minimal = SolutionEncoding.encode(vector.parameters, vector.indices);
        assertThat(minimal).hasSize(vector.parameters.solutionBytes());
        assertThat(SolutionEncoding.decode(vector.parameters, minimal))
            .hasValueSatisfying(indices -> assertThat(indices).containsExactly(vector.indices));
    }

    @Test
    void aZcashBlockSolutionShouldBe1344Bytes() {
        assertThat(ZCASH_BLOCKS.solutionBytes()).isEqualTo(1344);
    }

    @Test
    void decodeShouldRefuseAShortEncoding() {
        assertThat(SolutionEncoding.decode(ZCASH_BLOCKS, new byte[1343])).isEmpty();
    }

    @Test
    void decodeShouldRefuseALongEncoding() {
        assertThat(SolutionEncoding.decode(ZCASH_BLOCKS, new byte[1345])).isEmpty();
    }

    @Test
    void decodeShouldRefuseAnEmptyEncoding() {
        assertThat(SolutionEncoding.decode(ZCASH_BLOCKS, new byte[0])).isEmpty();
    }

    @Test
    void encodeShouldRefuseTheWrongNumberOfIndices() {
        assertThatThrownBy(() -> SolutionEncoding.encode(ZCASH_BLOCKS, new int[511]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("an Equihash (200,9) solution has 512 indices, not 511");
    }

    @Test
    void encodeShouldRefuseAnIndexThatDoesNotFitItsBits() {
        int[] indices = new int[512];
        indices[7] = 1 << 21;
        assertThatThrownBy(() -> SolutionEncoding.encode(ZCASH_BLOCKS, indices))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Equihash (200,9) index 2097152 outside 0 to 2097151");
    }

    @Test
    void encodeShouldRefuseANegativeIndex() {
        int[] indices = new int[512];
        Arrays.fill(indices, -1);
        assertThatThrownBy(() -> SolutionEncoding.encode(ZCASH_BLOCKS, indices))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
