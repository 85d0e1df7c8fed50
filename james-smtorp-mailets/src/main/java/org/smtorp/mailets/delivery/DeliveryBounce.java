/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.server.core.MailImpl;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns mail that could not be delivered to its sender, as RemoteDelivery does: to the
 * bounce processor (usually DSNBounce) with James's delivery-error attributes, which the DSN
 * quotes, or else through the mailet context's own bounce.
 */
final class DeliveryBounce {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryBounce.class);

    private final MailetContext context;
    private final Optional<String> processor;
    private final String what;

    DeliveryBounce(MailetContext context, Optional<String> processor) {
        this(context, processor, "bounced");
    }

    /** @param what what the copy is, for the log: "bounced", "delay notice" */
    DeliveryBounce(MailetContext context, Optional<String> processor, String what) {
        this.context = context;
        this.processor = processor;
        this.what = what;
    }

    void bounce(Mail mail, Undeliverable undeliverable) {
        String reason = undeliverable.reason();
        if (!mail.hasSender()) {
            LOGGER.info("no bounce for a mail without sender that could not be delivered: {}", reason);
            return;
        }
        MailImpl copy = null;
        try {
            copy = MailImpl.duplicate(mail);
            copy.setRecipients(undeliverable.recipients());
            // The attributes RemoteDelivery's DeliveryRunnable and Bouncer set: James's
            // IsRemoteDeliveryPermanentError, IsRemoteDeliveryTemporaryError and
            // RemoteDeliveryFailedWithSMTPCode match on them in the bounce processor (which
            // may keep the mail with ToRepository), DSNBounce quotes the error.
            copy.setAttribute(new Attribute(Bouncer.IS_DELIVERY_PERMANENT_ERROR,
                AttributeValue.of(undeliverable.isPermanent())));
            if (undeliverable.replyCode().isPresent()) {
                copy.setAttribute(new Attribute(Bouncer.DELIVERY_ERROR_CODE,
                    AttributeValue.of(undeliverable.replyCode().get())));
            }
            copy.setAttribute(new Attribute(Bouncer.DELIVERY_ERROR, AttributeValue.of(reason)));
            if (processor.isPresent()) {
                context.sendMail(copy, processor.get());
            } else {
                context.bounce(copy, "Mail delivery over Tor failed: " + reason);
            }
            LOGGER.info("{} to the sender: {}", what, undeliverable);
        } catch (MessagingException e) {
            LOGGER.error("could not bounce an undeliverable mail ({})", reason, e);
        } finally {
            // The processor or the context's bounce made its own copy: ours would hold the message.
            if (copy != null) {
                copy.dispose();
            }
        }
    }
}
