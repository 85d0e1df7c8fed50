/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.matchers;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/** Matches (all recipients of) a mail that has both .onion and other recipients. */
public final class HasMixedRecipients extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        Collection<MailAddress> recipients = mail.getRecipients();
        boolean onion = recipients.stream().anyMatch(HasOnionRecipient::isOnion);
        boolean legacy = recipients.stream().anyMatch(r -> !HasOnionRecipient.isOnion(r));
        return onion && legacy ? recipients : List.of();
    }
}
