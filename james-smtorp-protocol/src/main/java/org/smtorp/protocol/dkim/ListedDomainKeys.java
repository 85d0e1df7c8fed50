/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jdkim.tagvalue.PublicKeyRecordImpl;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Fetches DKIM keys only for the domains an operator lists. Every {@code d=} of a message
 * is chosen by whoever wrote it, a stranger who paid nothing: without this, each signature
 * would be a DNS query of the stranger's choosing, and a {@code d=} under {@code .onion} a DNS
 * look-up of an onion name, which SMTorP never makes (RFC 7686). A signature of any other
 * domain fails as if it had no key, so it verifies nothing and costs nothing.
 *
 * <p>A message gets {@link #MAX_LOOKUPS} look-ups at most ({@link #lookups()}), each of an absolute
 * name ({@link SigningDomain#absolute}); keys published in testing mode ({@code t=y}) verify
 * nothing (RFC 6376 section 3.6.1: such mail is treated as unsigned).
 */
public final class ListedDomainKeys {
    /**
     * Signatures of listed domains verified per message: a partner signs once, or twice (RSA and
     * Ed25519). A stranger's message can name a listed {@code d=} with random selectors; each would
     * be an uncached DNS query on James's SMTP thread.
     */
    public static final int MAX_LOOKUPS = 2;

    private final PublicKeyRecordRetriever keys;
    private final Set<Domain> listed;
    private final Map<Domain, Set<String>> selectors;

    private ListedDomainKeys(PublicKeyRecordRetriever keys, Set<Domain> listed, Map<Domain, Set<String>> selectors) {
        this.keys = keys;
        this.listed = listed;
        this.selectors = selectors;
    }

    /** @throws IllegalArgumentException if a listed domain is an onion: its key is never looked up */
    public static ListedDomainKeys of(PublicKeyRecordRetriever keys, Set<Domain> domains) {
        return of(keys, domains, Map.of());
    }

    /**
     * As {@link #of(PublicKeyRecordRetriever, Set)}; a domain of {@code selectors} is looked up only
     * with the selectors it maps to (lower case), so a stranger's random selector costs no query.
     */
    public static ListedDomainKeys of(PublicKeyRecordRetriever keys, Set<Domain> domains,
                                      Map<Domain, Set<String>> selectors) {
        requireNonNull(keys, "keys");
        for (Domain domain : domains) {
            if (SmtorpDomain.isUnderOnion(domain.asString())) {
                throw new IllegalArgumentException(domain.asString()
                    + " is an onion: its DKIM key would be a DNS look-up of an onion name");
            }
        }
        return new ListedDomainKeys(keys, domains.stream()
            .flatMap(domain -> SigningDomain.of(domain.asString()).stream())
            .collect(Collectors.toUnmodifiableSet()), selectors.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> Set.copyOf(entry.getValue()))));
    }

    /** The listed domain a signature's {@code d=} names, final dot or not. */
    public Optional<Domain> listed(CharSequence dToken) {
        return SigningDomain.of(dToken).filter(listed::contains);
    }

    /** The look-ups of one message's verification: not shared between messages nor threads. */
    Lookups lookups() {
        return new Lookups();
    }

    /** Counts one message's look-ups and remembers whether a listed domain's key was out of reach. */
    final class Lookups implements PublicKeyRecordRetriever {
        private int asked;
        private boolean unavailable;

        private Lookups() {
        }

        @Override
        public List<String> getRecords(CharSequence methodAndOptions, CharSequence selector, CharSequence token)
            throws TempFailException, PermFailException {
            Optional<Domain> domain = listed(token);
            if (domain.isEmpty()) {
                throw new PermFailException("no key is looked up for a domain this server does not list");
            }
            Set<String> pinned = selectors.get(domain.get());
            if (pinned != null && !pinned.contains(selector.toString().toLowerCase(Locale.ROOT))) {
                throw new PermFailException("no key is looked up for a selector this server does not list");
            }
            if (asked >= MAX_LOOKUPS) {
                throw new PermFailException("only " + MAX_LOOKUPS + " signatures of listed domains are verified");
            }
            asked++;
            try {
                return withoutTestingKeys(keys.getRecords(methodAndOptions, selector,
                    SigningDomain.absolute(domain.get())));
            } catch (TempFailException e) {
                unavailable = true;
                throw e;
            }
        }

        /** Whether a listed domain's key could not be fetched for now (DNS): the sender should retry. */
        boolean keyUnavailable() {
            return unavailable;
        }
    }

    private static List<String> withoutTestingKeys(List<String> records) {
        return records == null ? null
            : records.stream().filter(record -> !testing(record)).collect(Collectors.toList());
    }

    private static boolean testing(String record) {
        try {
            return new PublicKeyRecordImpl(record).isTesting();
        } catch (RuntimeException e) {
            return false; // jDKIM refuses it itself.
        }
    }
}
