/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an XPOW proof is bound to, as the bytes hashed before the nonce:
 * <pre>
 *   u8(13) "SMTorP-XPOW-1" | u8(len) algorithm (ASCII) | challenge (16 bytes)
 *   | u32be(transaction) | u32be(recipients)
 * </pre>
 * The nonce follows and runs to the end of the message, so every field before it
 * is length-prefixed or of fixed size and no two inputs share an encoding.
 */
public final class ProofInput {
    public static final String CONTEXT = "SMTorP-XPOW-1";
    /** The most recipients one proof may declare. */
    public static final int MAX_RECIPIENTS = 10_000;
    static final Pattern ALGORITHM = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final String algorithm;
    private final Challenge challenge;
    private final int transaction;
    private final int recipients;

    private ProofInput(String algorithm, Challenge challenge, int transaction, int recipients) {
        this.algorithm = algorithm;
        this.challenge = challenge;
        this.transaction = transaction;
        this.recipients = recipients;
    }

    /**
     * @param transaction 1 for the first proof under {@code challenge}, then one more
     *                    for each proof the server accepted under it
     * @param recipients  the recipients declared, from 1 to {@link #MAX_RECIPIENTS}
     */
    public static ProofInput of(String algorithm, Challenge challenge, int transaction, int recipients) {
        if (!ALGORITHM.matcher(algorithm).matches()) {
            throw new IllegalArgumentException("algorithm name must be 1 to 32 of a-z, 0-9, '-': " + algorithm);
        }
        if (transaction < 1) {
            throw new IllegalArgumentException("transaction numbers start at 1: " + transaction);
        }
        if (recipients < 1 || recipients > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("recipients must be from 1 to " + MAX_RECIPIENTS + ": " + recipients);
        }
        return new ProofInput(algorithm, Objects.requireNonNull(challenge), transaction, recipients);
    }

    public String algorithm() {
        return algorithm;
    }

    public Challenge challenge() {
        return challenge;
    }

    public int transaction() {
        return transaction;
    }

    public int recipients() {
        return recipients;
    }

    /** The bytes hashed before the nonce. */
    public byte[] prefix() {
        byte[] context = CONTEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] name = algorithm.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer prefix = ByteBuffer.allocate(1 + context.length + 1 + name.length + Challenge.BYTES + 8);
        prefix.put((byte) context.length).put(context).put((byte) name.length).put(name);
        byte[] challengeBytes = new byte[Challenge.BYTES];
        challenge.copyInto(challengeBytes, 0);
        prefix.put(challengeBytes).putInt(transaction).putInt(recipients);
        return prefix.array();
    }

    /** The whole message: {@link #prefix()} followed by the nonce. */
    public byte[] message(Nonce nonce) {
        byte[] prefix = prefix();
        byte[] message = Arrays.copyOf(prefix, prefix.length + nonce.unsafeBytes().length);
        System.arraycopy(nonce.unsafeBytes(), 0, message, prefix.length, nonce.unsafeBytes().length);
        return message;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof ProofInput)) {
            return false;
        }
        ProofInput that = (ProofInput) o;
        return algorithm.equals(that.algorithm) && challenge.equals(that.challenge)
            && transaction == that.transaction && recipients == that.recipients;
    }

    @Override
    public final int hashCode() {
        return Objects.hash(algorithm, challenge, transaction, recipients);
    }

    @Override
    public String toString() {
        return algorithm + " for challenge " + challenge + ", transaction " + transaction + ", "
            + recipients + " recipient" + (recipients == 1 ? "" : "s");
    }
}
