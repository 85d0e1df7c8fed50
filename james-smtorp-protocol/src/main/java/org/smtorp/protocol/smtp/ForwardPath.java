/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.Optional;

import org.smtorp.protocol.address.LocalPart;

/**
 * The forward-path of an RCPT command as the client wrote it (RFC 5321 4.1.2):
 * {@code "<" [ A-d-l ":" ] Mailbox ">"}. Relay tricks hide in what James's own
 * parser does not keep: its {@code MailAddress} answers a source route with a
 * syntax error and strips the brackets of an address literal, so the onion
 * listener judges the text before James parses it.
 *
 * <p>Only the syntax is checked here: a dot-string or quoted-string local part,
 * then an unchecked domain, which {@link RecipientClassifier} judges.
 */
final class ForwardPath {
    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 255;
    private static final int MAX_DOMAIN_NAME = 253;
    private static final int MAX_LABEL = 63;

    private final boolean sourceRoute;
    private final String localPart;
    private final boolean quoted;
    private final Optional<String> domain;

    private ForwardPath(boolean sourceRoute, String localPart, boolean quoted, Optional<String> domain) {
        this.sourceRoute = sourceRoute;
        this.localPart = localPart;
        this.quoted = quoted;
        this.domain = domain;
    }

    /**
     * Reads the path at the start of {@code text}, which is what follows {@code TO:}
     * (parameters after the path are ignored). Brackets may be missing, as James
     * allows when {@code addressBracketsEnforcement} is off.
     *
     * @return empty when the text is no forward-path
     */
    static Optional<ForwardPath> parse(String text) {
        String trimmed = text.trim();
        Optional<String> inner = trimmed.startsWith("<") ? bracketed(trimmed) : Optional.of(firstWord(trimmed));
        return inner.flatMap(ForwardPath::mailbox);
    }

    private static Optional<String> bracketed(String text) {
        boolean inQuotes = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes && c == '\\') {
                i++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == '>' && !inQuotes) {
                return Optional.of(text.substring(1, i));
            }
        }
        return Optional.empty();
    }

    private static String firstWord(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    private static Optional<ForwardPath> mailbox(String text) {
        if (text.startsWith("@")) {
            // A-d-l: "@relay1,@relay2:user@domain", asks us to pass the mail on.
            return Optional.of(new ForwardPath(true, "", false, Optional.empty()));
        }
        if (text.startsWith("\"")) {
            return quotedMailbox(text);
        }
        int at = text.indexOf('@');
        String localPart = at < 0 ? text : text.substring(0, at);
        if (!LocalPart.isDotString(localPart)) {
            return Optional.empty();
        }
        return withDomain(localPart, false, at < 0 ? Optional.empty() : Optional.of(text.substring(at + 1)));
    }

    private static Optional<ForwardPath> quotedMailbox(String text) {
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '@') {
                    return withDomain(value.toString(), true, Optional.of(text.substring(i + 2)));
                }
                return Optional.empty();
            }
            if (c == '\\') {
                i++;
                if (i == text.length()) {
                    return Optional.empty();
                }
                c = text.charAt(i);
            }
            if (c < 0x20 || c > 0x7e) {
                return Optional.empty();
            }
            value.append(c);
        }
        return Optional.empty();
    }

    private static Optional<ForwardPath> withDomain(String localPart, boolean quoted, Optional<String> domain) {
        if (localPart.isEmpty() || localPart.length() > MAX_LOCAL_PART) {
            return Optional.empty();
        }
        if (domain.isPresent() && (domain.get().isEmpty() || domain.get().length() > MAX_DOMAIN)) {
            return Optional.empty();
        }
        return Optional.of(new ForwardPath(false, localPart, quoted, domain));
    }

    /**
     * Whether {@code text} is a domain name: LDH labels of 1 to 63 characters joined by
     * dots, at most 253 characters, the last label starting with a letter (RFC 1123 2.1).
     */
    static boolean isDomainName(String text) {
        if (text.length() > MAX_DOMAIN_NAME) {
            return false;
        }
        String[] labels = text.split("\\.", -1);
        char top = labels[labels.length - 1].isEmpty() ? '0' : labels[labels.length - 1].charAt(0);
        if (!((top >= 'a' && top <= 'z') || (top >= 'A' && top <= 'Z'))) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code text} is an IPv4 address without the brackets of an address literal. */
    static boolean isDottedNumbers(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** Whether the path names relays before the mailbox ({@code <@a,@b:user@c>}); then nothing else is read. */
    boolean hasSourceRoute() {
        return sourceRoute;
    }

    /** The local part's value: without the quotes of a quoted string, escapes resolved. */
    String localPart() {
        return localPart;
    }

    boolean isQuoted() {
        return quoted;
    }

    /** The domain as written, unchecked; empty for RFC 5321's bare {@code <Postmaster>}. */
    Optional<String> domain() {
        return domain;
    }
}
