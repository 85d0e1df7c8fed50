/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.guards;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.smtorp.mailets.matchers.HasOnionRecipient;

/**
 * The headers of the copy of a split mail that leaves for legacy servers: no address under
 * .onion in the headers that list recipients or where replies go, so that neither those
 * servers nor the open internet learn who else got the mail over Tor. A legacy recipient could
 * not reply to an onion address anyway. Addresses are read with javax.mail's parser, so display
 * names, comments, encoded words and groups survive; a header without an onion is left byte
 * for byte as written. docs/delivery.md lists the rules.
 */
final class LegacyCopyHeaders {
    static final List<String> ADDRESS_HEADERS = List.of("To", "Cc", "Bcc", "Reply-To", "Mail-Followup-To",
        "Mail-Reply-To");
    // What mail clients write for mail without visible recipients (RFC 5322 section 3.6.3 group syntax).
    static final String UNDISCLOSED_RECIPIENTS = "undisclosed-recipients:;";

    private LegacyCopyHeaders() {
    }

    static void hideOnionAddresses(MimeMessage message) throws MessagingException {
        boolean toOrCcRemoved = false;
        for (String name : ADDRESS_HEADERS) {
            String[] values = message.getHeader(name);
            if (values == null) {
                continue;
            }
            Optional<List<InternetAddress>> kept = withoutOnions(values);
            if (kept.isEmpty()) {
                continue;
            }
            if (kept.get().isEmpty()) {
                message.removeHeader(name);
                toOrCcRemoved |= name.equals("To") || name.equals("Cc");
            } else {
                message.setHeader(name, InternetAddress.toString(kept.get().toArray(new InternetAddress[0]),
                    name.length() + 2));
            }
        }
        if (toOrCcRemoved && message.getHeader("To") == null && message.getHeader("Cc") == null) {
            message.setHeader("To", UNDISCLOSED_RECIPIENTS);
        }
        message.saveChanges();
    }

    /** The addresses to keep, or empty when every one of them may stay and the header with them. */
    private static Optional<List<InternetAddress>> withoutOnions(String[] values) {
        List<InternetAddress> kept = new ArrayList<>();
        boolean changed = false;
        for (String value : values) {
            InternetAddress[] addresses;
            try {
                addresses = InternetAddress.parseHeader(value, false);
            } catch (AddressException e) {
                // Unreadable: it may name an onion, so the whole value goes.
                changed = true;
                continue;
            }
            for (InternetAddress address : addresses) {
                Optional<InternetAddress> left = withoutOnions(address);
                changed |= left.isEmpty() || left.get() != address;
                left.ifPresent(kept::add);
            }
        }
        return changed ? Optional.of(kept) : Optional.empty();
    }

    private static Optional<InternetAddress> withoutOnions(InternetAddress address) {
        if (!address.isGroup()) {
            return mayStay(address) ? Optional.of(address) : Optional.empty();
        }
        InternetAddress[] members;
        try {
            members = address.getGroup(false);
        } catch (AddressException e) {
            return Optional.empty();
        }
        List<InternetAddress> kept = new ArrayList<>();
        for (InternetAddress member : members) {
            if (mayStay(member)) {
                kept.add(member);
            }
        }
        if (kept.size() == members.length) {
            return Optional.of(address);
        }
        if (kept.isEmpty()) {
            // An emptied group's name ("tor friends") says enough.
            return Optional.empty();
        }
        // The display name ends at the first colon, as InternetAddress.getGroup reads it.
        String group = address.getAddress();
        InternetAddress rest = new InternetAddress();
        rest.setAddress(group.substring(0, group.indexOf(':')) + ":"
            + InternetAddress.toString(kept.toArray(new InternetAddress[0])) + ";");
        return Optional.of(rest);
    }

    // An address James cannot read has no domain we could vouch for: it does not stay.
    private static boolean mayStay(InternetAddress address) {
        try {
            return !HasOnionRecipient.isOnion(new MailAddress(address));
        } catch (AddressException e) {
            return false;
        }
    }
}
