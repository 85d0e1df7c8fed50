/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.api.SignatureRecord;

/**
 * Keeps the verified signatures that vouch for what a mail reader shows, the ones a message may be
 * exempted for. A signature verifies only what it covers: jDKIM checks the last instance of each
 * field {@code h=} names (RFC 6376 section 5.4.2), so a From or a Subject added above the signed
 * one is shown by mail readers and covered by nothing; with {@code l=} anything may follow the
 * signed part of the body. Such a signature still verifies; it just exempts nothing.
 *
 * <p>A signature covers a message when it has no {@code l=}, does not hash with SHA-1 (RFC 8301),
 * names each of {@link #SHOWN} in {@code h=} at least as often as the message has that field, and
 * each of {@link #SHOWN_IF_SIGNED} it names at all at least as often too. Naming a field once more
 * than it appears ("oversigning", as opendkim's {@code OversignHeaders}) is how a signer forbids
 * adding one; for {@link #SHOWN} it is required in effect. {@link #SHOWN_IF_SIGNED} are fields
 * opendkim does not sign by default (Debian's opendkim 2.11 signs {@code From:To:Subject:Date} of
 * a plain Postfix mail that has a Message-Id): requiring them would refuse every such partner,
 * and a field its signer left unsigned could be replaced by anyone anyway.
 */
final class CoveringSignatures {
    /** Fields mail readers show, which opendkim signs by default, each instance present. */
    static final List<String> SHOWN = List.of("From", "Reply-To", "To", "Cc", "Subject", "Date");
    /** Fields readers show or use, checked only when the signature names them. */
    static final List<String> SHOWN_IF_SIGNED = List.of("Sender", "Message-ID", "Content-Type", "MIME-Version");

    /** jDKIM's {@link SignatureRecord#getBodyHashLimit()} without an {@code l=} tag. */
    private static final int WHOLE_BODY = -1;

    private CoveringSignatures() {
    }

    /** Those of {@code verified} that cover {@code message}, in order. */
    static List<SignatureRecord> of(List<SignatureRecord> verified, MimeMessage message) throws MessagingException {
        List<SignatureRecord> covering = new ArrayList<>();
        for (SignatureRecord signature : verified) {
            if (covers(signature, message)) {
                covering.add(signature);
            }
        }
        return covering;
    }

    private static boolean covers(SignatureRecord signature, MimeMessage message) throws MessagingException {
        if (signature.getBodyHashLimit() != WHOLE_BODY
            || "sha1".equalsIgnoreCase(signature.getHashMethod().toString())) {
            return false;
        }
        List<String> named = signature.getHeaders().stream()
            .map(field -> field.toString().trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toList());
        for (String field : SHOWN) {
            if (present(message, field) > times(named, field)) {
                return false;
            }
        }
        for (String field : SHOWN_IF_SIGNED) {
            long signed = times(named, field);
            if (signed > 0 && present(message, field) > signed) {
                return false;
            }
        }
        return true;
    }

    private static int present(MimeMessage message, String field) throws MessagingException {
        String[] values = message.getHeader(field);
        return values == null ? 0 : values.length;
    }

    private static long times(List<String> named, String field) {
        String name = field.toLowerCase(Locale.ROOT);
        return named.stream().filter(name::equals).count();
    }
}
