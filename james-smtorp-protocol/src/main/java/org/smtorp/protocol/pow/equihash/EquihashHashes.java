/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The hash function of Equihash for one input: hash {@code i} is a slice of
 * BLAKE2b(personalization: tag | le32(n) | le32(k); digest length {@code (512/n) * n/8};
 * message: input | le32(i / (512/n))), bytes {@code (i mod (512/n)) * n/8} onwards,
 * {@code n/8} bytes. With the tag {@code ZcashPoW} these are Zcash's hashes.
 *
 * <p>The BLAKE2b state after the input's whole blocks is kept, so the input is
 * absorbed once and an output costs one compression and no allocation. Not
 * thread-safe: one per thread.
 */
public final class EquihashHashes {
    /** Zcash's personalization tag, for checking against Zcash's published vectors. */
    public static final String ZCASH_TAG = "ZcashPoW";
    private static final int TAG_BYTES = 8;

    private final EquihashParameters parameters;
    private final Blake2bMidstate midstate;
    private final byte[] output;
    private long cachedGroup = -1;

    private EquihashHashes(EquihashParameters parameters, Blake2bMidstate midstate) {
        this.parameters = parameters;
        this.midstate = midstate;
        this.output = new byte[parameters.hashesPerBlake2b() * parameters.hashBytes()];
    }

    /**
     * The hashes of {@code input} (for Zcash, the block header with its nonce).
     *
     * @param tag 8 ASCII characters that keep these hashes apart from every other use of Equihash
     */
    public static EquihashHashes of(EquihashParameters parameters, String tag, byte[] input) {
        return of(parameters, tag, input, 0, input.length);
    }

    /** As {@link #of(EquihashParameters, String, byte[])} for {@code input[offset, offset + length)}. */
    public static EquihashHashes of(EquihashParameters parameters, String tag, byte[] input, int offset, int length) {
        return new EquihashHashes(parameters, new Blake2bMidstate(parameters.hashesPerBlake2b() * parameters.hashBytes(),
            personalization(parameters, tag), input, offset, length));
    }

    static byte[] personalization(EquihashParameters parameters, String tag) {
        byte[] tagBytes = tag.getBytes(StandardCharsets.US_ASCII);
        if (tagBytes.length != TAG_BYTES || !tag.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("Equihash personalization tag must be 8 printable ASCII characters: "
                + tag);
        }
        byte[] personalization = Arrays.copyOf(tagBytes, 16);
        putLittleEndian(personalization, 8, parameters.n());
        putLittleEndian(personalization, 12, parameters.k());
        return personalization;
    }

    public EquihashParameters parameters() {
        return parameters;
    }

    /** Writes hash {@code index} ({@code n/8} bytes) into {@code destination} at {@code offset}. */
    public void hash(int index, byte[] destination, int offset) {
        if (index < 0 || index >= parameters.hashCount()) {
            throw new IllegalArgumentException("index " + index + " outside 0 to " + (parameters.hashCount() - 1));
        }
        int perOutput = parameters.hashesPerBlake2b();
        long group = index / perOutput;
        if (group != cachedGroup) {
            output(index / perOutput, output);
            cachedGroup = group;
        }
        System.arraycopy(output, (index % perOutput) * parameters.hashBytes(), destination, offset,
            parameters.hashBytes());
    }

    /**
     * Writes BLAKE2b output {@code group} whole ({@code 512/n} hashes, from hash
     * {@code group * 512/n} on) into {@code destination}: what a solver reads.
     */
    public void output(int group, byte[] destination) {
        midstate.digest(group, destination);
    }

    /** Hash {@code index} as a new array. */
    public byte[] hash(int index) {
        byte[] hash = new byte[parameters.hashBytes()];
        hash(index, hash, 0);
        return hash;
    }

    private static void putLittleEndian(byte[] destination, int offset, int value) {
        destination[offset] = (byte) value;
        destination[offset + 1] = (byte) (value >>> 8);
        destination[offset + 2] = (byte) (value >>> 16);
        destination[offset + 3] = (byte) (value >>> 24);
    }
}
