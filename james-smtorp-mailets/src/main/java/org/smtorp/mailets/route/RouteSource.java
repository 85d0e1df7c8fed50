/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import org.apache.james.core.MailAddress;

/**
 * Somewhere to learn that mail for an address can go over Tor: DNS records of its domain,
 * or an SMTorP address its owner announced (which can also give the pin of an onion address
 * written without a fingerprint). A look-up that failed in a way an attacker could cause
 * answers {@link SourceAnswer#deferred}, never {@link SourceAnswer#none}.
 */
public interface RouteSource {
    SourceAnswer routeFor(MailAddress recipient);

    /**
     * Whether this source may be asked about {@code .onion} recipients, to learn their pin.
     * Sources that ask DNS must not: an onion name never goes to a resolver.
     */
    default boolean knowsOnionAddresses() {
        return false;
    }
}
