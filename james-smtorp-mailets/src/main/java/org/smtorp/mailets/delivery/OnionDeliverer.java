/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.session.DsnArguments;

/** Hands one message to the recipients at one onion; never throws, every failure is in the outcome. */
interface OnionDeliverer {
    /**
     * @param recipients the addresses to give in RCPT TO, at least one
     * @param dsn the mail's DSN parameters, for a server that announces DSN
     */
    DeliveryOutcome deliver(OnionRoute route, MaybeSender reversePath, List<MailAddress> recipients,
                            MimeMessage message, DsnArguments dsn);
}
