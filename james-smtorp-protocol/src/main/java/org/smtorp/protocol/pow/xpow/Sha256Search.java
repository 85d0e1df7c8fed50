/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

import org.smtorp.protocol.pow.DigestPrototype;
import org.smtorp.protocol.pow.LeadingZeros;
import org.smtorp.protocol.pow.Search;

/**
 * The search of both XPOW algorithms: try number n is the nonce, SHA-256 of
 * {@code prefix | nonce} must reach {@code sha256Bits}, then the message must pass
 * {@code then} ({@code sha256}: nothing more; {@code argon2id}: Argon2 reaches the bits).
 */
final class Sha256Search implements Search {
    private final byte[] message;
    private final int prefixLength;
    private final int sha256Bits;
    private final Predicate<byte[]> then;
    private final MessageDigest digest;
    private final byte[] hash = new byte[32];

    Sha256Search(DigestPrototype sha256, byte[] prefix, int sha256Bits, Predicate<byte[]> then) {
        this.message = Arrays.copyOf(prefix, prefix.length + NonceCounter.BYTES);
        this.prefixLength = prefix.length;
        this.sha256Bits = sha256Bits;
        this.then = then;
        this.digest = sha256.fresh();
    }

    @Override
    public Optional<byte[]> run(long first, long count) {
        for (long n = first; n < first + count; n++) {
            NonceCounter.write(n, message, prefixLength);
            digest.update(message);
            DigestPrototype.finish(digest, hash);
            if (LeadingZeros.atLeast(hash, sha256Bits) && then.test(message)) {
                return Optional.of(Arrays.copyOfRange(message, prefixLength, message.length));
            }
        }
        return Optional.empty();
    }
}
