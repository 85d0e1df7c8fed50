/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Takes out of a message what would tell the receiver about the sender's network: the
 * Received trace (every hop so far is inside our network or the submitting client's),
 * X-Originating-IP, a Message-ID made on an internal host, and a Date in local time.
 */
final class MetadataScrubber {
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter
        .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private final SmtorpDomain ourDomain;

    MetadataScrubber(SmtorpDomain ourDomain) {
        this.ourDomain = ourDomain;
    }

    void scrub(MimeMessage message) throws MessagingException {
        message.removeHeader("Received");
        message.removeHeader("X-Originating-IP");
        String messageId = message.getHeader("Message-ID", null);
        if (messageId == null || !messageIdDomain(messageId).endsWith(".onion")) {
            messageId = "<" + UUID.randomUUID() + "@" + ourDomain.asString() + ">";
        }
        message.setHeader("Date", utc(message.getSentDate()));
        message.saveChanges();
        // After saveChanges: JavaMail's MimeMessage makes a new Message-ID there, naming the
        // local user and host.
        message.setHeader("Message-ID", messageId);
    }

    private static String messageIdDomain(String messageId) {
        String trimmed = messageId.trim();
        int at = trimmed.lastIndexOf('@');
        int end = trimmed.endsWith(">") ? trimmed.length() - 1 : trimmed.length();
        return at < 0 || at >= end ? "" : trimmed.substring(at + 1, end).toLowerCase(Locale.ROOT);
    }

    private static String utc(Date sent) {
        Date date = sent == null ? new Date() : sent;
        return RFC_5322.format(ZonedDateTime.ofInstant(date.toInstant(), ZoneOffset.UTC));
    }

}
