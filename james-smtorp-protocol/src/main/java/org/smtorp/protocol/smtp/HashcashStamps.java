/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.smtorp.protocol.pow.hashcash.InvalidStampException;
import org.smtorp.protocol.pow.hashcash.SpentStampStore;
import org.smtorp.protocol.pow.hashcash.Stamp;
import org.smtorp.protocol.pow.hashcash.StampChecker;
import org.smtorp.protocol.pow.hashcash.StampVerdict;

/**
 * Payment in hashcash stamps (docs/xpow.md section 6): each recipient of a message
 * needs a valid stamp in an {@code X-Hashcash} header whose resource is its address.
 * All recipients are checked before any stamp is spent, so a message refused for
 * one recipient leaves the others' stamps usable for the next try. Work is bounded:
 * each header is parsed once, and at most {@value #MAX_TRIES_PER_RECIPIENT} stamps
 * per recipient cost a SHA-1; stamps for other resources (recipients elsewhere)
 * cost none.
 */
final class HashcashStamps {
    static final String HEADER = "X-Hashcash";
    static final int MAX_TRIES_PER_RECIPIENT = 3;

    private static final String ONION = ".onion";

    private final SpentStampStore store;
    // Every rule but the double spend: the store is asked only once all recipients passed.
    private final StampChecker rules;

    HashcashStamps(SpentStampStore store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.rules = StampChecker.of((stamp, expiry) -> true, clock);
    }

    /**
     * Checks the stamps of one message, and spends them if every recipient has one.
     *
     * @param headerValues the {@code X-Hashcash} header values, as the message holds them
     * @param recipients   the envelope recipients' addresses
     * @param bits         the bits each stamp needs
     * @return empty when every recipient paid; else why not, naming the first recipient
     *     that did not (for a {@code 530 5.7.0} reply)
     */
    Optional<String> pay(List<String> headerValues, Collection<String> recipients, int bits) {
        Map<String, List<Stamp>> stampsByMailbox = stampsByMailbox(headerValues);
        Map<String, String> addresses = new LinkedHashMap<>();
        recipients.forEach(address -> addresses.putIfAbsent(mailbox(address), address));
        List<String> problems = new ArrayList<>();
        Map<String, Stamp> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, String> recipient : addresses.entrySet()) {
            String address = recipient.getValue();
            List<Stamp> stamps = stampsByMailbox.getOrDefault(recipient.getKey(), List.of());
            if (stamps.isEmpty()) {
                problems.add(noStamp(address, headerValues.size()));
                continue;
            }
            StampVerdict verdict = firstValid(stamps, bits);
            if (verdict.isValid()) {
                chosen.put(address, verdict.stamp().orElseThrow());
            } else {
                problems.add(HEADER + " stamp for " + address + " refused: " + verdict.message());
            }
        }
        if (!problems.isEmpty()) {
            return Optional.of(problems.get(0) + (problems.size() == 1 ? ""
                : " (and " + (problems.size() - 1) + " more recipient" + (problems.size() == 2 ? ")" : "s)")));
        }
        for (Map.Entry<String, Stamp> paid : chosen.entrySet()) {
            if (!store.spend(paid.getValue(), rules.expiryOf(paid.getValue()))) {
                return Optional.of(HEADER + " stamp for " + paid.getKey() + " refused: stamp was already spent");
            }
        }
        return Optional.empty();
    }

    // Mailbox -> stamps in header order; unparsable headers belong to no one.
    private static Map<String, List<Stamp>> stampsByMailbox(List<String> headerValues) {
        Map<String, List<Stamp>> byMailbox = new HashMap<>();
        for (String value : headerValues) {
            try {
                Stamp stamp = Stamp.parse(unfold(value));
                byMailbox.computeIfAbsent(mailbox(stamp.resource()), mailbox -> new ArrayList<>()).add(stamp);
            } catch (InvalidStampException e) {
                // For no recipient; a "no stamp" reply counts it among the headers.
            }
        }
        return byMailbox;
    }

    /**
     * The mailbox an address reaches, lower case (hashcash compares resources ignoring
     * case). Tor hands every sub-domain of an onion to its service, and the relay
     * guard delivers {@code user@<fingerprint>.<onion>.onion} to {@code user@<onion>.onion};
     * so a stamp minted for the address the sender wrote pays for the mailbox it reached.
     */
    static String mailbox(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        if (at < 0 || !lower.endsWith(ONION)) {
            return lower;
        }
        String domain = lower.substring(at + 1, lower.length() - ONION.length());
        return lower.substring(0, at + 1) + domain.substring(domain.lastIndexOf('.') + 1) + ONION;
    }

    // RFC 5322 folding puts CRLF before whitespace; a stamp itself holds neither.
    private static String unfold(String value) {
        return value.replace("\r", "").replace("\n", "").trim();
    }

    // The first valid stamp, else the first one's refusal, which says what is wrong. Each is checked
    // against its own resource: the mailbox matched already.
    private StampVerdict firstValid(List<Stamp> stamps, int bits) {
        StampVerdict first = check(stamps.get(0), bits);
        for (int i = 1; !first.isValid() && i < Math.min(stamps.size(), MAX_TRIES_PER_RECIPIENT); i++) {
            StampVerdict verdict = check(stamps.get(i), bits);
            if (verdict.isValid()) {
                return verdict;
            }
        }
        return first;
    }

    private StampVerdict check(Stamp stamp, int bits) {
        return rules.check(stamp.asString(), stamp.resource(), bits);
    }

    private static String noStamp(String recipient, int headers) {
        return "no " + HEADER + " stamp for " + recipient + (headers == 0 ? ""
            : " (" + headers + " " + HEADER + " header" + (headers == 1 ? "" : "s") + ", none for it)");
    }
}
