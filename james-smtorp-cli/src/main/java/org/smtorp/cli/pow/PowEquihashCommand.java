/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.smtorp.protocol.pow.equihash.EquihashCheck;
import org.smtorp.protocol.pow.equihash.EquihashHashes;
import org.smtorp.protocol.pow.equihash.EquihashParameters;
import org.smtorp.protocol.pow.equihash.EquihashVerifier;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code smtorp pow equihash}: the raw Equihash check under Zcash's personalization, so anyone
 * can test our verifier against Zcash's published vectors. Exit 0 valid, 1 invalid, 2 bad options.
 */
@Command(name = "equihash", mixinStandardHelpOptions = true,
    description = {"Checks an Equihash solution as Zcash does (personalization ZcashPoW): the hashed input is "
        + "INPUT then NONCE, as Zcash hashes a block header then its nonce.",
        "Exits 0 if the solution is valid, 1 if not (the reason on standard output), 2 for bad options."})
final class PowEquihashCommand implements Callable<Integer> {
    @Option(names = "--n", required = true, paramLabel = "N", description = "Equihash n, e.g. 200 for Zcash blocks.")
    int n;

    @Option(names = "--k", required = true, paramLabel = "K", description = "Equihash k, e.g. 9 for Zcash blocks.")
    int k;

    @Option(names = "--input", required = true, paramLabel = "HEX", description = "The input, e.g. a block header.")
    String input;

    @Option(names = "--nonce", defaultValue = "", paramLabel = "HEX",
        description = "The nonce, hashed after the input (default: none).")
    String nonce;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Solution solution;

    static final class Solution {
        @Option(names = "--indices", split = ",", paramLabel = "I", required = true,
            description = "The 2^K indices, comma-separated, e.g. 2261,15185,...")
        int[] indices;

        @Option(names = "--solution", paramLabel = "HEX", required = true,
            description = "The solution in Zcash's minimal encoding (a block header's solution field).")
        String minimal;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EquihashParameters parameters = parameters();
        byte[] inputBytes = hex("--input", input);
        byte[] nonceBytes = hex("--nonce", nonce);
        byte[] hashed = Arrays.copyOf(inputBytes, inputBytes.length + nonceBytes.length);
        System.arraycopy(nonceBytes, 0, hashed, inputBytes.length, nonceBytes.length);
        EquihashVerifier verifier = EquihashVerifier.create();
        EquihashCheck check = solution.indices != null
            ? verifier.verify(parameters, EquihashHashes.ZCASH_TAG, hashed, solution.indices)
            : verifier.verify(parameters, EquihashHashes.ZCASH_TAG, hashed, hex("--solution", solution.minimal));
        PrintWriter out = spec.commandLine().getOut();
        if (check.isValid()) {
            out.println("valid Equihash " + parameters + " solution (personalization " + EquihashHashes.ZCASH_TAG + ")");
            return 0;
        }
        out.println("invalid Equihash " + parameters + " solution ("
            + check.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): " + check.message());
        return 1;
    }

    private EquihashParameters parameters() {
        try {
            return EquihashParameters.of(n, k);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid values for options '--n' and '--k': "
                + e.getMessage());
        }
    }

    private byte[] hex(String option, String text) {
        if (text.length() % 2 != 0 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': '" + text
                + "' is not hexadecimal octets");
        }
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
