/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * Somewhere to learn that mail for a non-onion address can go over Tor: DNS records
 * of its domain, or an SMTorP address its owner announced (which can also give the
 * pin of an onion address written without a fingerprint). A source that cannot
 * answer (DNS down, bad record) logs why and returns empty: a failed look-up leaves
 * the mail with James's RemoteDelivery, it never blocks it.
 */
public interface RouteSource {
    Optional<DiscoveredRoute> routeFor(MailAddress recipient);

    /**
     * Whether this source may be asked about {@code .onion} recipients, to learn their pin.
     * Sources that ask DNS must not: an onion name never goes to a resolver.
     */
    default boolean knowsOnionAddresses() {
        return false;
    }
}
