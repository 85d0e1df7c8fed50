/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.smtorp.cli.CommandRun;

class PowEquihashCommandTest {
    // zcash/librustzcash components/equihash/src/test_vectors/valid.rs (commit
    // cc1bcb8a4a73b97c4b7de9492d0f5a4d22ddb34a, MIT OR Apache-2.0): (96,5), this input, nonce 1.
    private static final String INPUT = "457175696861736820697320616e206173796d6d657472696320506f5720626173656420"
        + "6f6e207468652047656e6572616c697365642042697274686461792070726f626c656d2e";
    private static final String NONCE = "01" + "00".repeat(31);
    private static final String INDICES = "2261,15185,36112,104243,23779,118390,118332,130041,32642,69878,76925,"
        + "80080,45858,116805,92842,111026,15972,115059,85191,90330,68190,122819,81830,91132,23460,49807,52426,80391,"
        + "69567,114474,104973,122568";
    // The same solution in Zcash's minimal encoding, from librustzcash's verify.rs (test all_bits_matter).
    private static final String MINIMAL = "046a8ed451a2197332e71f39db9c79fbf93fc1443da58fb38d0599172116d555b1b21f3"
        + "2705ce998f60da852f77f0e7f4d63fc2dd230a3d99953a0787dfefcab341bdec8";

    private static CommandRun equihash(String... options) {
        String[] arguments = new String[options.length + 2];
        arguments[0] = "pow";
        arguments[1] = "equihash";
        System.arraycopy(options, 0, arguments, 2, options.length);
        return CommandRun.of(arguments);
    }

    @Test
    void shouldExitZeroForAZcashVector() {
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", INPUT, "--nonce", NONCE, "--indices", INDICES);
        assertThat(run.exitCode).isZero();
        assertThat(run.out).isEqualTo("valid Equihash (96,5) solution (personalization ZcashPoW)\n");
    }

    @Test
    void shouldExitZeroForAZcashVectorInItsMinimalEncoding() {
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", INPUT, "--nonce", NONCE, "--solution", MINIMAL);
        assertThat(run.exitCode).isZero();
    }

    @Test
    void shouldTakeTheNonceAsPartOfTheInput() {
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", INPUT + NONCE, "--indices", INDICES);
        assertThat(run.exitCode).isZero();
    }

    @Test
    void shouldExitOneWithTheReasonForAReversedPair() {
        String reversed = INDICES.replaceFirst("2261,15185", "15185,2261");
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", INPUT, "--nonce", NONCE, "--indices", reversed);
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEqualTo("invalid Equihash (96,5) solution (out of order): level 1, subtrees at positions "
            + "0 and 1: the right one starts with index 2261, below the left one's 15185\n");
    }

    @Test
    void shouldExitOneForAnotherNonce() {
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", INPUT, "--nonce", "02" + "00".repeat(31),
            "--indices", INDICES);
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).startsWith("invalid Equihash (96,5) solution (collision): level 1,");
    }

    @Test
    void shouldExitOneForAMinimalEncodingOfTheWrongLength() {
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", INPUT, "--nonce", NONCE, "--solution",
            MINIMAL + "00");
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("(wrong length): an Equihash (96,5) solution has 68 bytes, not 69");
    }

    @Test
    void shouldExitTwoForInputThatIsNotHex() {
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", "block header", "--indices", INDICES);
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).startsWith("Invalid value for option '--input': 'block header' is not hexadecimal octets")
            .contains("Usage: smtorp pow equihash");
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldExitTwoForANonceOfHalfAnOctet() {
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", INPUT, "--nonce", "010", "--indices", INDICES);
        assertThat(run.exitCode).isEqualTo(2);
    }

    @Test
    void shouldExitTwoForParametersEquihashDoesNotHave() {
        CommandRun run = equihash("--n", "97", "--k", "5", "--input", INPUT, "--indices", INDICES);
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).startsWith("Invalid values for options '--n' and '--k': Equihash n must be a multiple of 8");
    }

    @Test
    void shouldExitTwoForAnIndexThatIsNotANumber() {
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", INPUT, "--indices", "2261,x");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--indices");
    }

    @Test
    void shouldExitTwoForBothIndicesAndSolution() {
        CommandRun run = equihash("--n", "96", "--k", "5", "--input", INPUT, "--indices", INDICES, "--solution",
            MINIMAL);
        assertThat(run.exitCode).isEqualTo(2);
    }

    @Test
    void shouldExitTwoForNoSolution() {
        assertThat(equihash("--n", "96", "--k", "5", "--input", INPUT).exitCode).isEqualTo(2);
    }

    @Test
    void powShouldListEquihash() {
        assertThat(CommandRun.of("pow", "--help").out).contains("equihash");
    }
}
