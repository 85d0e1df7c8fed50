/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The memory-hard function of {@code argon2id}: Argon2id version 1.3 (RFC 9106) by
 * BouncyCastle, with fixed parameters; changing them makes a new algorithm name.
 * An interface so tests can count how often the verifier runs it.
 */
interface Argon2Function {
    int MEMORY_KIB = 4096;
    int ITERATIONS = 1;
    int PARALLELISM = 1;
    int OUTPUT_BYTES = 32;
    /** Constant: the message already binds the challenge and all else. */
    byte[] SALT = "SMTorP-XPOW-1-argon2id".getBytes(StandardCharsets.US_ASCII);

    /** Argon2id of {@code message} into {@code output} ({@link #OUTPUT_BYTES} bytes). */
    void hash(byte[] message, byte[] output);

    /** The real function. Each call allocates its 4 MiB: the generator is not thread-safe. */
    static Argon2Function bouncyCastle() {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(MEMORY_KIB)
            .withIterations(ITERATIONS)
            .withParallelism(PARALLELISM)
            .withSalt(SALT)
            .build();
        return (message, output) -> {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            generator.generateBytes(message, output);
        };
    }
}
