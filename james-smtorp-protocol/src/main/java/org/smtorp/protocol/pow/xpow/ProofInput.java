/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

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
    private static final byte[] CONTEXT_BYTES = CONTEXT.getBytes(StandardCharsets.US_ASCII);

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
        if (!AlgorithmName.isValid(algorithm)) {
            throw new IllegalArgumentException("algorithm name must be " + AlgorithmName.RULE + ": " + algorithm);
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
        int nameLength = algorithm.length();
        byte[] prefix = new byte[1 + CONTEXT_BYTES.length + 1 + nameLength + Challenge.BYTES + 8];
        int at = 0;
        prefix[at++] = (byte) CONTEXT_BYTES.length;
        System.arraycopy(CONTEXT_BYTES, 0, prefix, at, CONTEXT_BYTES.length);
        at += CONTEXT_BYTES.length;
        prefix[at++] = (byte) nameLength;
        for (int i = 0; i < nameLength; i++) {
            prefix[at++] = (byte) algorithm.charAt(i);
        }
        challenge.copyInto(prefix, at);
        at += Challenge.BYTES;
        at = putInt(prefix, at, transaction);
        putInt(prefix, at, recipients);
        return prefix;
    }

    private static int putInt(byte[] target, int at, int value) {
        target[at] = (byte) (value >>> 24);
        target[at + 1] = (byte) (value >>> 16);
        target[at + 2] = (byte) (value >>> 8);
        target[at + 3] = (byte) value;
        return at + 4;
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
