/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * The body of a message/delivery-status part (RFC 3464 2.1): a per-message block of fields, then
 * per-recipient blocks, separated by blank lines; each field is a header-style line with its folded
 * continuation lines. Kept as the bytes it came as (ISO-8859-1 maps each byte to one char and back),
 * so that whatever is not rewritten leaves byte for byte, line endings (CRLF on the wire, LF as
 * James writes it in memory) included.
 */
final class DeliveryStatusFields {
    static final String REPORTING_MTA = "Reporting-MTA";
    static final String RECEIVED_FROM_MTA = "Received-From-MTA";

    // A field with its continuation lines, a blank line, or a stray line (no name): each as it came.
    private static final class Entry {
        private final Optional<String> name;
        private final String raw;

        Entry(Optional<String> name, String raw) {
            this.name = name;
            this.raw = raw;
        }

        boolean isBlank() {
            return raw.equals("\n") || raw.equals("\r\n");
        }

        boolean named(String field) {
            return name.map(n -> n.equalsIgnoreCase(field)).orElse(false);
        }
    }

    private final List<Entry> entries;
    private final String lineEnd;

    private DeliveryStatusFields(List<Entry> entries, String lineEnd) {
        this.entries = List.copyOf(entries);
        this.lineEnd = lineEnd;
    }

    /**
     * {@code truncated}: the body was cut at a size limit, so its last block may be incomplete
     * and is left out (a half field could be half a host name).
     */
    static DeliveryStatusFields parse(byte[] body, boolean truncated) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<Entry> entries = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = lineEnd(text, start);
            String line = text.substring(start, end);
            boolean continuation = line.startsWith(" ") || line.startsWith("\t");
            Entry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            if (continuation && last != null && last.name.isPresent()) {
                entries.set(entries.size() - 1, new Entry(last.name, last.raw + line));
            } else {
                entries.add(new Entry(continuation ? Optional.empty() : name(line), line));
            }
            start = end;
        }
        if (truncated) {
            int lastBlank = entries.size() - 1;
            while (lastBlank >= 0 && !entries.get(lastBlank).isBlank()) {
                lastBlank--;
            }
            entries.subList(lastBlank + 1, entries.size()).clear();
        }
        return new DeliveryStatusFields(entries, text.contains("\r\n") || text.isEmpty() ? "\r\n" : "\n");
    }

    /**
     * The first {@code Reporting-MTA} gets {@code value} unless it names an onion (it is added
     * at the head of the per-message block when there is none: RFC 3464 requires it); further
     * ones and every {@code Received-From-MTA} (it names the hop before the reporting one) are
     * dropped, in any block, and so are lines that are neither fields nor blank (the body holds
     * nothing else); the rest is kept.
     */
    DeliveryStatusFields withReportingMta(String value) {
        boolean present = entries.stream().anyMatch(entry -> entry.named(REPORTING_MTA));
        int perMessageBlock = 0;
        while (perMessageBlock < entries.size() && entries.get(perMessageBlock).isBlank()) {
            perMessageBlock++;
        }
        List<Entry> rewritten = new ArrayList<>();
        boolean reported = false;
        for (int i = 0; i <= entries.size(); i++) {
            if (!present && i == perMessageBlock) {
                rewritten.add(reportingMta(value, lineEnd));
            }
            if (i == entries.size()) {
                break;
            }
            Entry entry = entries.get(i);
            if (entry.named(REPORTING_MTA) && !reported) {
                rewritten.add(namesAnOnion(entry) ? entry : reportingMta(value, endOf(entry.raw)));
                reported = true;
            } else if (entry.isBlank() || (entry.name.isPresent() && !entry.named(REPORTING_MTA)
                && !entry.named(RECEIVED_FROM_MTA))) {
                rewritten.add(entry);
            }
        }
        return new DeliveryStatusFields(rewritten, lineEnd);
    }

    /**
     * {@code dns; <an SMTorP domain>}: a hop of ours wrote it (a DSN another server sent us to
     * relay), and it names no machine. Kept, as MetadataScrubber keeps a Message-ID at an onion.
     */
    private static boolean namesAnOnion(Entry reportingMta) {
        String value = reportingMta.raw.substring(reportingMta.raw.indexOf(':') + 1)
            .replace("\r", "").replace("\n", "");
        int semicolon = value.indexOf(';');
        if (semicolon < 0 || !value.substring(0, semicolon).trim().equalsIgnoreCase("dns")) {
            return false;
        }
        try {
            SmtorpDomain.parse(value.substring(semicolon + 1).trim());
            return true;
        } catch (InvalidAddressException notAnOnion) {
            return false;
        }
    }

    byte[] asBytes() {
        StringBuilder out = new StringBuilder();
        entries.forEach(entry -> out.append(entry.raw));
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Entry reportingMta(String value, String end) {
        return new Entry(Optional.of(REPORTING_MTA), REPORTING_MTA + ": " + value + end);
    }

    // The field name (RFC 5322 3.6.8, with the obsolete white space before the colon), if the line has one.
    private static Optional<String> name(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String name = line.substring(0, colon).stripTrailing();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~') {
                return Optional.empty();
            }
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(name.toLowerCase(Locale.ROOT));
    }

    // End of the line at start, its terminator (LF or CRLF) included; a lone CR stays inside a line.
    private static int lineEnd(String text, int start) {
        int newline = text.indexOf('\n', start);
        return newline < 0 ? text.length() : newline + 1;
    }

    private String endOf(String raw) {
        if (raw.endsWith("\r\n")) {
            return "\r\n";
        }
        return raw.endsWith("\n") ? "\n" : lineEnd;
    }
}
