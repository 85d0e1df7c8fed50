/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Fetches DKIM keys only for the domains an operator lists. Every {@code d=} of a message
 * is chosen by whoever wrote it, a stranger who paid nothing: without this, each signature
 * would be a DNS query of the stranger's choosing, and a {@code d=} under {@code .onion} a DNS
 * look-up of an onion name, which SMTorP never makes (RFC 7686). A signature of any other
 * domain fails as if it had no key, so it verifies nothing and costs nothing.
 */
public final class ListedDomainKeys implements PublicKeyRecordRetriever {
    private final PublicKeyRecordRetriever keys;
    private final Set<String> listed;

    private ListedDomainKeys(PublicKeyRecordRetriever keys, Set<String> listed) {
        this.keys = keys;
        this.listed = listed;
    }

    /** @throws IllegalArgumentException if a listed domain is an onion: its key is never looked up */
    public static ListedDomainKeys of(PublicKeyRecordRetriever keys, Set<Domain> domains) {
        requireNonNull(keys, "keys");
        for (Domain domain : domains) {
            if (SmtorpDomain.isUnderOnion(domain.asString())) {
                throw new IllegalArgumentException(domain.asString()
                    + " is an onion: its DKIM key would be a DNS look-up of an onion name");
            }
        }
        return new ListedDomainKeys(keys, domains.stream()
            .map(domain -> domain.asString().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public List<String> getRecords(CharSequence methodAndOptions, CharSequence selector, CharSequence token)
        throws TempFailException, PermFailException {
        String domain = trimmed(token.toString().toLowerCase(Locale.ROOT));
        if (!listed.contains(domain) || SmtorpDomain.isUnderOnion(domain)) {
            throw new PermFailException("no key is looked up for a domain this server does not list");
        }
        return keys.getRecords(methodAndOptions, selector, domain);
    }

    // d=example.org. names the same domain as d=example.org.
    private static String trimmed(String domain) {
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }

}
