/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.smtorp.protocol.pow.Hex;

/** Equihash test vectors (librustzcash's, and ours under our tag), from {@code src/test/resources/equihash/}. */
final class EquihashVectors {
    /** One solution for one input: valid, or refused with librustzcash's error kind. */
    static final class Vector {
        final EquihashParameters parameters;
        final String tag;
        final byte[] input;
        final byte[] nonce;
        final int[] indices;
        final String error;
        final String description;

        Vector(EquihashParameters parameters, String tag, byte[] input, byte[] nonce, int[] indices, String error,
               String description) {
            this.parameters = parameters;
            this.tag = tag;
            this.input = input;
            this.nonce = nonce;
            this.indices = indices;
            this.error = error;
            this.description = description;
        }

        /** What is hashed: input then nonce, as Zcash hashes a header then its nonce. */
        byte[] hashedInput() {
            byte[] hashed = Arrays.copyOf(input, input.length + nonce.length);
            System.arraycopy(nonce, 0, hashed, input.length, nonce.length);
            return hashed;
        }

        @Override
        public String toString() {
            return parameters + " " + tag + " " + new String(input, StandardCharsets.US_ASCII) + " nonce " + Hex.format(nonce)
                .substring(0, Math.min(8, 2 * nonce.length)) + "... " + (error.isEmpty() ? "" : error + " (" + description + ") ")
                + Arrays.toString(Arrays.copyOf(indices, 4)).replace("]", ", ...]");
        }
    }

    private EquihashVectors() {
    }

    static List<Vector> valid() {
        return lines("valid.txt").stream().map(fields -> vector(fields, "", "")).collect(Collectors.toList());
    }

    static List<Vector> invalid() {
        return lines("invalid.txt").stream()
            .map(fields -> vector(fields, fields[5], String.join(" ", Arrays.copyOfRange(fields, 6, fields.length))))
            .collect(Collectors.toList());
    }

    /** Solutions under our tag found by an independent search: {n, k, tag, input hex, indices}. */
    static List<Vector> smtorpValid() {
        return lines("smtorp-valid.txt").stream()
            .map(fields -> new Vector(EquihashParameters.of(Integer.parseInt(fields[0]), Integer.parseInt(fields[1])),
                fields[2], Hex.parse(fields[3]), new byte[0], indices(fields[4]), "", ""))
            .collect(Collectors.toList());
    }

    /** The encodings of minimal.rs: {n, k, minimal hex, indices}. */
    static List<String[]> minimalEncodings() {
        return lines("minimal-encoding.txt");
    }

    static int[] indices(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static Vector vector(String[] fields, String error, String description) {
        return new Vector(EquihashParameters.of(Integer.parseInt(fields[0]), Integer.parseInt(fields[1])),
            EquihashHashes.ZCASH_TAG, Hex.parse(fields[2]), Hex.parse(fields[3]), indices(fields[4]), error, description);
    }

    private static List<String[]> lines(String name) {
        try (InputStream in = EquihashVectors.class.getResourceAsStream("/equihash/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource equihash/" + name);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.trim().split(" "))
                .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
