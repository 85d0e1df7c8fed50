/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.dkim.DkimResult;
import org.smtorp.protocol.dkim.DkimVerification;

/**
 * What an incoming mail says about its sender, read once: its {@code SMTorP-Address} fields,
 * how many From fields it has and their addresses, its envelope sender, the onion listener's
 * XONION result ({@value ProvedSender#ATTRIBUTE}) and the signatures that passed our own DKIM
 * verification. Nothing here is trusted yet: {@link AnnouncementRule} judges it.
 */
final class Announcement {
    static final String FROM = "From";

    private final List<String> headers;
    private final int fromFields;
    private final List<String> from;
    private final Optional<MailAddress> envelopeSender;
    private final Optional<String> provedSender;
    private final DkimResult dkim;

    private Announcement(List<String> headers, int fromFields, List<String> from,
                         Optional<MailAddress> envelopeSender, Optional<String> provedSender, DkimResult dkim) {
        this.headers = headers;
        this.fromFields = fromFields;
        this.from = from;
        this.envelopeSender = envelopeSender;
        this.provedSender = provedSender;
        this.dkim = dkim;
    }

    /** A mail with one From field holding {@code from}. */
    static Announcement of(List<String> headers, List<String> from, Optional<MailAddress> envelopeSender,
                           Optional<String> provedSender, DkimResult dkim) {
        return of(headers, 1, from, envelopeSender, provedSender, dkim);
    }

    static Announcement of(List<String> headers, int fromFields, List<String> from,
                           Optional<MailAddress> envelopeSender, Optional<String> provedSender, DkimResult dkim) {
        return new Announcement(List.copyOf(headers), fromFields, List.copyOf(from), requireNonNull(envelopeSender),
            requireNonNull(provedSender), requireNonNull(dkim));
    }

    /**
     * Reads {@code mail}; its DKIM signatures are verified only when it has an
     * {@code SMTorP-Address} field, so other mail costs no key look-up. Field counts come from
     * the same header lines James's DKIM verifier reads ({@code MimeMessage.getAllHeaderLines},
     * names compared without case), so "the one From field" is the one a signature covered.
     */
    static Announcement from(Mail mail, DkimVerification verification) throws MessagingException {
        MimeMessage message = mail.getMessage();
        List<String> headers = fields(message, SmtorpAddressHeader.NAME);
        DkimResult dkim = headers.isEmpty() ? DkimResult.NONE : verification.verify(message);
        return of(headers, fields(message, FROM).size(), fromAddresses(message), mail.getMaybeSender().asOptional(),
            attribute(mail, ProvedSender.ATTRIBUTE), dkim);
    }

    private static List<String> fields(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null ? List.of() : List.of(values);
    }

    // The From field as written; an unparsable one counts as none.
    private static List<String> fromAddresses(MimeMessage message) throws MessagingException {
        List<String> addresses = new ArrayList<>();
        try {
            Address[] from = message.getFrom();
            for (Address address : from == null ? new Address[0] : from) {
                if (address instanceof InternetAddress) {
                    addresses.add(((InternetAddress) address).getAddress());
                }
            }
        } catch (AddressException e) {
            return List.of();
        }
        return addresses;
    }

    private static Optional<String> attribute(Mail mail, String name) {
        return AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(name), String.class);
    }

    List<String> headers() {
        return headers;
    }

    /** How many From header fields the message has (RFC 5322 allows exactly one). */
    int fromFields() {
        return fromFields;
    }

    /** The addresses of its From fields. */
    List<String> from() {
        return from;
    }

    Optional<MailAddress> envelopeSender() {
        return envelopeSender;
    }

    Optional<String> provedSender() {
        return provedSender;
    }

    DkimResult dkim() {
        return dkim;
    }
}
