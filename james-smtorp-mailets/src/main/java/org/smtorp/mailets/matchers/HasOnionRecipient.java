/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.matchers;

import java.util.Collection;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.smtorp.mailets.route.RouteSelector;

/** Matches the recipients whose domain is an .onion domain (SMTorP addresses, with or without fingerprint). */
public final class HasOnionRecipient extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream().filter(HasOnionRecipient::isOnion).collect(Collectors.toList());
    }

    /** By the last label only: a malformed onion still must never go to DNS-based delivery. */
    public static boolean isOnion(MailAddress address) {
        return RouteSelector.isOnion(address);
    }
}
