/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Objects;

/** The client's {@code XPOW <alg> <recipients> <nonce>}, sent before MAIL FROM. */
public final class XpowCommand {
    public static final String VERB = "XPOW";
    /** The arguments after the verb: 32 + 1 + 5 + 1 + 214 characters at most, with room to spare. */
    public static final int MAX_ARGUMENTS_LENGTH = 260;

    private final String algorithm;
    private final int recipients;
    private final Nonce nonce;

    private XpowCommand(String algorithm, int recipients, Nonce nonce) {
        this.algorithm = algorithm;
        this.recipients = recipients;
        this.nonce = nonce;
    }

    public static XpowCommand of(String algorithm, int recipients, Nonce nonce) {
        if (!AlgorithmName.isValid(algorithm)) {
            throw new IllegalArgumentException("algorithm name must be " + AlgorithmName.RULE + ": " + algorithm);
        }
        if (recipients < 1 || recipients > ProofInput.MAX_RECIPIENTS) {
            throw new IllegalArgumentException("recipients must be from 1 to " + ProofInput.MAX_RECIPIENTS + ": " + recipients);
        }
        return new XpowCommand(algorithm, recipients, Objects.requireNonNull(nonce));
    }

    /** Parses the arguments after the verb, strictly: three words separated by single spaces. */
    public static XpowCommand parse(String arguments) {
        String[] words = words(arguments);
        return new XpowCommand(algorithm(words[0]), recipients(words[1]), Nonce.parse(words[2]));
    }

    /** The three words of {@code arguments}, after the length and separator checks. */
    static String[] words(String arguments) {
        if (arguments.length() > MAX_ARGUMENTS_LENGTH) {
            throw new MalformedXpowException("XPOW arguments are " + arguments.length() + " characters long, at most "
                + MAX_ARGUMENTS_LENGTH);
        }
        String[] words = arguments.split(" ", -1);
        if (words.length != 3) {
            throw new MalformedXpowException("XPOW takes <alg> <recipients> <nonce> separated by single spaces, got \""
                + arguments + "\"");
        }
        return words;
    }

    static String algorithm(String word) {
        if (!AlgorithmName.isValid(word)) {
            throw new MalformedXpowException("algorithm \"" + word + "\" must be " + AlgorithmName.RULE);
        }
        return word;
    }

    static int recipients(String word) {
        int recipients = 0;
        boolean digits = !word.isEmpty() && word.length() <= 5 && word.charAt(0) != '0';
        for (int i = 0; digits && i < word.length(); i++) {
            char c = word.charAt(i);
            digits = c >= '0' && c <= '9';
            recipients = recipients * 10 + (c - '0');
        }
        if (!digits || recipients > ProofInput.MAX_RECIPIENTS) {
            throw new MalformedXpowException("recipients \"" + word + "\" must be a number from 1 to "
                + ProofInput.MAX_RECIPIENTS + " without leading zeros");
        }
        return recipients;
    }

    public String algorithm() {
        return algorithm;
    }

    public int recipients() {
        return recipients;
    }

    public Nonce nonce() {
        return nonce;
    }

    /** The arguments: {@code <alg> <recipients> <nonce>}. */
    public String arguments() {
        return algorithm + " " + recipients + " " + nonce.asString();
    }

    /** The command line without CRLF: {@code XPOW <alg> <recipients> <nonce>}. */
    public String asString() {
        return VERB + " " + arguments();
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof XpowCommand)) {
            return false;
        }
        XpowCommand that = (XpowCommand) o;
        return algorithm.equals(that.algorithm) && recipients == that.recipients && nonce.equals(that.nonce);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(algorithm, recipients, nonce);
    }

    @Override
    public String toString() {
        return asString();
    }
}
