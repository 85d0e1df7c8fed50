/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static java.util.Objects.requireNonNull;


import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.smtorp.mailets.route.Destination;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.route.RouteSource;
import org.smtorp.mailets.route.SourceAnswer;
import org.smtorp.protocol.address.SmtorpAddress;

/**
 * Routes from recorded announcements: mail for an address that announced its SMTorP address
 * goes to that address's onion on port 25, given in RCPT TO as {@code user@<onion>} (the
 * fingerprint is a pin for the TLS check, not part of the mailbox), pinned to the announced
 * fingerprint when there was one.
 */
public final class AnnouncedRouteSource implements RouteSource {
    private final AnnouncedAddresses store;

    @Inject
    public AnnouncedRouteSource(AnnouncedAddresses store) {
        this.store = requireNonNull(store, "store");
    }

    @Override
    public SourceAnswer routeFor(MailAddress recipient) {
        return store.lookup(recipient).map(AnnouncedRouteSource::route).map(SourceAnswer::found)
            .orElse(SourceAnswer.none());
    }

    private static Destination route(AnnouncedAddress announced) {
        SmtorpAddress target = announced.smtorpAddress();
        return Destination.of(simple(target), target.onion(), OnionRoute.SMTP_PORT, target.domain().fingerprint(),
            "SMTorP-Address announced for " + announced.address().asString() + " at " + announced.recordedAt()
                + " (" + announced.evidence() + ")");
    }

    private static MailAddress simple(SmtorpAddress address) {
        try {
            return new MailAddress(address.withDomain(address.domain().withoutFingerprint()).asString());
        } catch (AddressException e) {
            throw new IllegalStateException("an SMTorP address is not a mail address: " + address.asString(), e);
        }
    }

    /** An announcement recorded for user@onion gives the pin of mail to that address. */
    @Override
    public boolean knowsOnionAddresses() {
        return true;
    }

    @Override
    public String toString() {
        return "AnnouncedRouteSource over " + store;
    }
}
