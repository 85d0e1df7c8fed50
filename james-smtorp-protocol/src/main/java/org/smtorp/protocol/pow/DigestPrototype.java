/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;

/**
 * A JDK message digest to copy from. Copying is cheaper than a provider look-up
 * per check, and a copy taken after the constant blocks of a message is the
 * midstate a search starts each try from. The JDK's SUN provider comes first: its
 * SHA-1 and SHA-256 run on the CPU's SHA instructions where there are some
 * (BouncyCastle's SHA1Digest reached a third of the speed, see docs/xpow.md).
 */
public final class DigestPrototype {
    private final MessageDigest prototype;

    private DigestPrototype(MessageDigest prototype) {
        this.prototype = prototype;
    }

    /** A prototype of {@code algorithm}, e.g. {@code SHA-1}, {@code SHA-256}. */
    public static DigestPrototype of(String algorithm) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm, "SUN");
        } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException missing) {
                throw new IllegalStateException("this JVM has no " + algorithm, missing);
            }
        }
        return new DigestPrototype(copy(digest));
    }

    /** A new digest in the prototype's state. Safe from any thread: the prototype never changes. */
    public MessageDigest fresh() {
        return copy(prototype);
    }

    /** Whether the digest of {@code prefix | nonce} starts with {@code bits} zero bits: a one-hash check. */
    public boolean reaches(byte[] prefix, byte[] nonce, int bits) {
        MessageDigest digest = fresh();
        digest.update(prefix);
        digest.update(nonce);
        return LeadingZeros.atLeast(digest.digest(), bits);
    }

    /** Finishes {@code digest} into {@code hash}, which must hold it exactly; no allocation per try. */
    public static void finish(MessageDigest digest, byte[] hash) {
        try {
            digest.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException("a " + hash.length + "-byte buffer holds " + digest.getAlgorithm(), e);
        }
    }

    /** A copy of {@code digest} in its current state. */
    public static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(digest.getAlgorithm() + " from " + digest.getProvider()
                + " cannot be copied", e);
        }
    }
}
