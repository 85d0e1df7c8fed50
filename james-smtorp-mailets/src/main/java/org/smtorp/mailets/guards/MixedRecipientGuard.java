/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.guards;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.smtorp.mailets.matchers.HasOnionRecipient;

/**
 * Stops a mail that mixes onion and legacy recipients. Sent as it is, it would carry the onion
 * addresses in its headers over the open internet and to the legacy servers, linking the
 * correspondents, so by default the whole mail bounces with that explanation. With
 * {@code action=split} it goes on as two mails instead: onion recipients to
 * {@code onionProcessor} with the headers as written, the others to {@code legacyProcessor}
 * (both default {@code transport}) with every onion address taken out of the headers
 * ({@link LegacyCopyHeaders}).
 */
public final class MixedRecipientGuard extends GenericMailet {
    public static final String ACTION = "action";
    public static final String ONION_PROCESSOR = "onionProcessor";
    public static final String LEGACY_PROCESSOR = "legacyProcessor";
    static final String EXPLANATION = "This message was not sent: it mixes SMTorP (.onion) recipients with "
        + "ordinary ones. Delivering it would show the onion addresses to the ordinary recipients' servers and "
        + "to the network. Send separate messages to the .onion recipients and to the others.";

    private boolean split;
    private String onionProcessor;
    private String legacyProcessor;

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of(ACTION, ONION_PROCESSOR, LEGACY_PROCESSOR));
        String action = getInitParameter(ACTION, "bounce").trim().toLowerCase(Locale.ROOT);
        if (!action.equals("bounce") && !action.equals("split")) {
            throw new MessagingException("MixedRecipientGuard parameter " + ACTION + "=\"" + action
                + "\" is invalid; allowed: bounce, split");
        }
        split = action.equals("split");
        onionProcessor = getInitParameter(ONION_PROCESSOR, "transport");
        legacyProcessor = getInitParameter(LEGACY_PROCESSOR, "transport");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        List<MailAddress> onion = mail.getRecipients().stream().filter(HasOnionRecipient::isOnion)
            .collect(Collectors.toList());
        List<MailAddress> legacy = mail.getRecipients().stream().filter(r -> !HasOnionRecipient.isOnion(r))
            .collect(Collectors.toList());
        if (onion.isEmpty() || legacy.isEmpty()) {
            return;
        }
        if (split) {
            // The onion copy travels over Tor to onion servers only; its recipients may see the others.
            send(mail, onion, onionProcessor, message -> { });
            send(mail, legacy, legacyProcessor, LegacyCopyHeaders::hideOnionAddresses);
        } else if (mail.hasSender()) {
            getMailetContext().bounce(mail, EXPLANATION);
        }
        mail.setState(Mail.GHOST);
    }

    private void send(Mail mail, List<MailAddress> recipients, String processor, HeaderEdit headers)
        throws MessagingException {
        // A copy has a message of its own: editing it leaves the original and the other copy alone.
        MailImpl copy = MailImpl.duplicate(mail);
        try {
            copy.setRecipients(recipients);
            headers.apply(copy.getMessage());
            getMailetContext().sendMail(copy, processor);
        } finally {
            copy.dispose();
        }
    }

    private interface HeaderEdit {
        void apply(MimeMessage message) throws MessagingException;
    }

    @Override
    public String getMailetInfo() {
        return "MixedRecipientGuard: bounces (or splits) mail to both .onion and ordinary recipients";
    }
}
