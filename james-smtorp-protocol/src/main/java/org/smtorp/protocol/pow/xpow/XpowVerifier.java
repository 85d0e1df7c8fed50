/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Optional;

import org.smtorp.protocol.pow.PowAlgorithm;

/**
 * The server side of XPOW: checks a proof against the session's challenge and
 * transaction number, cheapest rules first, so malformed or garbage proofs cost at
 * most one SHA-256 (argon2id's gate). Thread-safe.
 */
public final class XpowVerifier {
    private final AlgorithmRegistry registry;

    private XpowVerifier(AlgorithmRegistry registry) {
        this.registry = registry;
    }

    public static XpowVerifier of(AlgorithmRegistry registry) {
        return new XpowVerifier(registry);
    }

    /**
     * Checks the arguments of an XPOW command line.
     *
     * @param transaction 1 for the first proof under {@code challenge}, then one more
     *                    for each proof accepted under it
     */
    public Verdict verify(Challenge challenge, int transaction, String arguments) {
        String[] words;
        try {
            words = XpowCommand.words(arguments);
        } catch (MalformedXpowException e) {
            return Verdict.refused(Verdict.Kind.MALFORMED, e.getMessage());
        }
        return verify(challenge, transaction, words[0], words[1], words[2]);
    }

    /** Checks a proof given as its parts: algorithm name, declared recipient count, nonce text. */
    public Verdict verify(Challenge challenge, int transaction, int recipients, String algorithm, String nonce) {
        return verify(challenge, transaction, algorithm, String.valueOf(recipients), nonce);
    }

    private Verdict verify(Challenge challenge, int transaction, String algorithmText, String recipientsText,
                           String nonceText) {
        if (transaction < 1) {
            throw new IllegalArgumentException("transaction numbers start at 1: " + transaction);
        }
        String name;
        int recipients;
        Nonce nonce;
        try {
            name = XpowCommand.algorithm(algorithmText);
        } catch (MalformedXpowException e) {
            return Verdict.refused(Verdict.Kind.MALFORMED, e.getMessage());
        }
        Optional<PowAlgorithm> algorithm = registry.algorithm(name);
        if (algorithm.isEmpty()) {
            return Verdict.refused(Verdict.Kind.UNKNOWN_ALGORITHM, "unknown algorithm " + name + "; offered: "
                + String.join(" ", registry.offer(challenge).difficulties().keySet()));
        }
        if (algorithm.get().binding() != PowAlgorithm.Binding.CHALLENGE) {
            return Verdict.refused(Verdict.Kind.UNKNOWN_ALGORITHM, name
                + " is not an XPOW algorithm: its stamps go in X-Hashcash headers, one per recipient");
        }
        try {
            recipients = XpowCommand.recipients(recipientsText);
            nonce = Nonce.parse(nonceText);
        } catch (MalformedXpowException e) {
            return Verdict.refused(Verdict.Kind.MALFORMED, e.getMessage());
        }
        int proofBytes = nonce.unsafeBytes().length;
        if (proofBytes < algorithm.get().minProofBytes() || proofBytes > algorithm.get().maxProofBytes()) {
            return Verdict.refused(Verdict.Kind.MALFORMED, name + " proof must be " + lengths(algorithm.get())
                + ", not " + proofBytes);
        }
        int bits = registry.bits(name, recipients);
        byte[] prefix = ProofInput.of(name, challenge, transaction, recipients).prefix();
        PowAlgorithm.Check check = algorithm.get().check(prefix, nonce.unsafeBytes(), bits);
        if (check.passed()) {
            return Verdict.accepted(name, bits, recipients);
        }
        if (check.outcome() == PowAlgorithm.Check.Outcome.INVALID) {
            return Verdict.refused(Verdict.Kind.INSUFFICIENT_WORK, "not a valid " + name + " proof ("
                + check.why() + ") for " + recipients + " recipient" + (recipients == 1 ? "" : "s")
                + " in transaction " + transaction);
        }
        return Verdict.refused(Verdict.Kind.INSUFFICIENT_WORK, "not enough work: " + name + " needs " + bits
            + " bits for " + recipients + " recipient" + (recipients == 1 ? "" : "s")
            + (check == PowAlgorithm.Check.GATE_REFUSED ? " (SHA-256 gate not passed)" : "")
            + " in transaction " + transaction);
    }

    private static String lengths(PowAlgorithm algorithm) {
        int min = algorithm.minProofBytes();
        int max = algorithm.maxProofBytes();
        return (min == max ? String.valueOf(min) : min + " to " + max) + " bytes (base64url: "
            + Base64Url.encodedLength(min) + (min == max ? "" : " to " + Base64Url.encodedLength(max)) + " characters)";
    }
}
