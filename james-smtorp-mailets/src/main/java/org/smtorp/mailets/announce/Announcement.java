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

/**
 * What an incoming mail says about its sender, read once: its {@code SMTorP-Address} fields,
 * its From addresses, its envelope sender, the onion listener's XONION result
 * ({@value ProvedSender#ATTRIBUTE}), James's DKIMVerify result ({@value #DKIM_ATTRIBUTE}) and
 * its DKIM-Signature fields. Nothing here is trusted yet: {@link AnnouncementRule} judges it.
 */
final class Announcement {
    /** The attribute of James's DKIMVerify mailet, e.g. {@code pass (identity @example.org)}. */
    static final String DKIM_ATTRIBUTE = "jDKIM.AUTHRESULT";
    static final String DKIM_SIGNATURE = "DKIM-Signature";

    private final List<String> headers;
    private final List<String> from;
    private final Optional<MailAddress> envelopeSender;
    private final Optional<String> provedSender;
    private final Optional<String> dkimResult;
    private final List<String> dkimSignatures;

    private Announcement(List<String> headers, List<String> from, Optional<MailAddress> envelopeSender,
                         Optional<String> provedSender, Optional<String> dkimResult, List<String> dkimSignatures) {
        this.headers = headers;
        this.from = from;
        this.envelopeSender = envelopeSender;
        this.provedSender = provedSender;
        this.dkimResult = dkimResult;
        this.dkimSignatures = dkimSignatures;
    }

    static Announcement of(List<String> headers, List<String> from, Optional<MailAddress> envelopeSender,
                           Optional<String> provedSender, Optional<String> dkimResult, List<String> dkimSignatures) {
        return new Announcement(List.copyOf(headers), List.copyOf(from), requireNonNull(envelopeSender),
            requireNonNull(provedSender), requireNonNull(dkimResult), List.copyOf(dkimSignatures));
    }

    static Announcement from(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        return of(fields(message, SmtorpAddressHeader.NAME), fromAddresses(message), mail.getMaybeSender().asOptional(),
            attribute(mail, ProvedSender.ATTRIBUTE), attribute(mail, DKIM_ATTRIBUTE),
            fields(message, DKIM_SIGNATURE));
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

    List<String> from() {
        return from;
    }

    Optional<MailAddress> envelopeSender() {
        return envelopeSender;
    }

    Optional<String> provedSender() {
        return provedSender;
    }

    Optional<String> dkimResult() {
        return dkimResult;
    }

    List<String> dkimSignatures() {
        return dkimSignatures;
    }
}
