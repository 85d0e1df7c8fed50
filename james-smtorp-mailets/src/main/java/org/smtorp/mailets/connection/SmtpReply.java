/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One SMTP reply: its code and the text of each line (without code and separator). */
public final class SmtpReply {
    // RFC 5321 4.5.3.1.5: a reply line holds 512 octets.
    static final int MAX_TEXT = 512;

    private final int code;
    private final List<String> lines;

    private SmtpReply(int code, List<String> lines) {
        this.code = code;
        this.lines = lines;
    }

    public static SmtpReply of(int code, List<String> lines) {
        requireNonNull(lines, "lines");
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("an SMTP reply code is from 200 to 599: " + code);
        }
        return new SmtpReply(code, List.copyOf(lines));
    }

    public int code() {
        return code;
    }

    public List<String> lines() {
        return lines;
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isPermanentFailure() {
        return code >= 500;
    }

    /**
     * The reply on one line, for logs and bounces: the server's text is printable ASCII only and
     * at most {@value #MAX_TEXT} characters, whatever it sent.
     */
    public String asString() {
        return code + " " + PeerText.printable(String.join(" / ", lines), MAX_TEXT);
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof SmtpReply)) {
            return false;
        }
        SmtpReply other = (SmtpReply) o;
        return code == other.code && lines.equals(other.lines);
    }

    @Override
    public final int hashCode() {
        return 31 * code + lines.hashCode();
    }

    @Override
    public String toString() {
        return asString();
    }
}
