/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The EHLO keyword line {@code XPOW <challenge> <alg>=<bits> [<alg>=<bits> ...]}:
 * the session's challenge and the accepted algorithms, most preferred first, each
 * with the leading zero bits one recipient's proof needs now.
 */
public final class XpowOffer {
    public static final String KEYWORD = "XPOW";
    public static final int MAX_ALGORITHMS = 16;
    /** An EHLO line is at most 512 octets with its code and CRLF. */
    public static final int MAX_LENGTH = 500;
    private static final Pattern BITS = Pattern.compile("0|[1-9][0-9]{0,2}");

    private final Challenge challenge;
    private final Map<String, Integer> difficulties;

    private XpowOffer(Challenge challenge, Map<String, Integer> difficulties) {
        this.challenge = challenge;
        this.difficulties = difficulties;
    }

    /** An offer of {@code difficulties}, in their iteration order. */
    public static XpowOffer of(Challenge challenge, Map<String, Integer> difficulties) {
        if (difficulties.isEmpty() || difficulties.size() > MAX_ALGORITHMS) {
            throw new IllegalArgumentException("an offer names 1 to " + MAX_ALGORITHMS + " algorithms, not "
                + difficulties.size());
        }
        difficulties.forEach((name, bits) -> {
            if (!AlgorithmName.isValid(name) || bits < 0 || bits > 256) {
                throw new IllegalArgumentException("not an offer entry: " + name + "=" + bits);
            }
        });
        return new XpowOffer(Objects.requireNonNull(challenge),
            Collections.unmodifiableMap(new LinkedHashMap<>(difficulties)));
    }

    /**
     * Parses the keyword line as the server sent it (without {@code 250-}), strictly:
     * single spaces, a 22-character challenge, {@code name=bits} entries with no name twice.
     */
    public static XpowOffer parse(String line) {
        if (line.length() > MAX_LENGTH) {
            throw new MalformedXpowException("XPOW offer is " + line.length() + " characters long, at most " + MAX_LENGTH);
        }
        String[] words = line.split(" ", -1);
        if (!KEYWORD.equalsIgnoreCase(words[0])) {
            throw new MalformedXpowException("not an XPOW offer: \"" + line + "\"");
        }
        if (words.length < 3) {
            throw new MalformedXpowException("XPOW offer needs a challenge and at least one <alg>=<bits>: \"" + line + "\"");
        }
        if (words.length - 2 > MAX_ALGORITHMS) {
            throw new MalformedXpowException("XPOW offer names " + (words.length - 2) + " algorithms, at most "
                + MAX_ALGORITHMS);
        }
        Challenge challenge = Challenge.parse(words[1]);
        Map<String, Integer> difficulties = new LinkedHashMap<>();
        for (int i = 2; i < words.length; i++) {
            String word = words[i];
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            String bits = equals < 0 ? "" : word.substring(equals + 1);
            if (!AlgorithmName.isValid(name) || !BITS.matcher(bits).matches()
                || Integer.parseInt(bits) > 256) {
                throw new MalformedXpowException("XPOW offer entry \"" + word + "\" is not <alg>=<bits>, alg 1 to 32 "
                    + "of a-z 0-9 '-', bits 0 to 256");
            }
            if (difficulties.put(name, Integer.parseInt(bits)) != null) {
                throw new MalformedXpowException("XPOW offer names " + name + " twice");
            }
        }
        return new XpowOffer(challenge, Collections.unmodifiableMap(difficulties));
    }

    public Challenge challenge() {
        return challenge;
    }

    /** Algorithm names to one-recipient bits, most preferred first. */
    public Map<String, Integer> difficulties() {
        return difficulties;
    }

    /** The EHLO parameters after the keyword: {@code <challenge> <alg>=<bits> ...}. */
    public String parameters() {
        StringBuilder text = new StringBuilder(challenge.asString());
        difficulties.forEach((name, bits) -> text.append(' ').append(name).append('=').append(bits));
        return text.toString();
    }

    /** The whole keyword line, {@code XPOW <challenge> <alg>=<bits> ...}. */
    public String asString() {
        return KEYWORD + " " + parameters();
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof XpowOffer)) {
            return false;
        }
        XpowOffer that = (XpowOffer) o;
        // Order is preference, so it counts.
        return challenge.equals(that.challenge) && asString().equals(that.asString());
    }

    @Override
    public final int hashCode() {
        return asString().hashCode();
    }

    @Override
    public String toString() {
        return asString();
    }
}
