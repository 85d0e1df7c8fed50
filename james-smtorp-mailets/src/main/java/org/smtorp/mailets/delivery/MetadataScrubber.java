/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Takes out of a message what would tell the receiver about the sender's network, machine or
 * software: the trace and client headers below, a Message-ID made on an internal host, and a
 * Date in local time, and the host names in a DSN's status fields (DeliveryStatusScrubber).
 * What the recipient reads or needs to trust the mail stays;
 * docs/delivery.md lists both sides and why.
 */
final class MetadataScrubber {
    static final List<String> REMOVED_HEADERS = List.of(
        // Every hop so far is inside our network or the submitting client's: host names, IPs, James's zone.
        "Received",
        // Some webmail front ends put the user's IP there.
        "X-Originating-IP",
        // Outlook, Apple Mail, Evolution, swaks, PHPMailer: the program and its version.
        "X-Mailer",
        // Thunderbird, Roundcube, mutt when asked: the program, often its version and the OS.
        "User-Agent",
        // Outlook and Outlook Express: the MimeOLE build, which is the Windows build.
        "X-MimeOLE");
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter
        .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private final SmtorpDomain ourDomain;
    private final DeliveryStatusScrubber deliveryStatus;

    MetadataScrubber(SmtorpDomain ourDomain) {
        this.ourDomain = ourDomain;
        this.deliveryStatus = new DeliveryStatusScrubber(ourDomain);
    }

    void scrub(MimeMessage message) throws MessagingException {
        for (String name : REMOVED_HEADERS) {
            message.removeHeader(name);
        }
        String messageId = message.getHeader("Message-ID", null);
        if (messageId == null || !messageIdDomain(messageId).endsWith(".onion")) {
            messageId = "<" + UUID.randomUUID() + "@" + ourDomain.asString() + ">";
        }
        message.setHeader("Date", utc(message.getSentDate()));
        // A DSN James made here names this machine in its status part.
        deliveryStatus.scrub(message);
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
