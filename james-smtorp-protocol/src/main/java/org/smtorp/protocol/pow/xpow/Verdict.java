/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The server's answer to one XPOW command, with the SMTP reply it maps to. */
public final class Verdict {
    /** What became of the proof; each maps to one reply of docs/xpow.md. */
    public enum Kind {
        ACCEPTED(250, "2.7.0"),
        UNKNOWN_ALGORITHM(504, "5.5.4"),
        MALFORMED(501, "5.5.2"),
        INSUFFICIENT_WORK(550, "5.7.1");

        private final int replyCode;
        private final String enhancedStatus;

        Kind(int replyCode, String enhancedStatus) {
            this.replyCode = replyCode;
            this.enhancedStatus = enhancedStatus;
        }

        public int replyCode() {
            return replyCode;
        }

        /** The RFC 3463 status code, e.g. {@code 2.7.0}. */
        public String enhancedStatus() {
            return enhancedStatus;
        }
    }

    private final Kind kind;
    private final String message;
    private final Optional<String> algorithm;
    private final OptionalInt bits;
    private final OptionalInt recipients;

    private Verdict(Kind kind, String message, Optional<String> algorithm, OptionalInt bits, OptionalInt recipients) {
        this.kind = kind;
        this.message = message;
        this.algorithm = algorithm;
        this.bits = bits;
        this.recipients = recipients;
    }

    static Verdict accepted(String algorithm, int bits, int recipients) {
        return new Verdict(Kind.ACCEPTED, "proof accepted: " + algorithm + " at " + bits + " bits for " + recipients
            + " recipient" + (recipients == 1 ? "" : "s"), Optional.of(algorithm), OptionalInt.of(bits),
            OptionalInt.of(recipients));
    }

    static Verdict refused(Kind kind, String message) {
        if (kind == Kind.ACCEPTED) {
            throw new IllegalArgumentException("an acceptance names its algorithm, bits and recipients");
        }
        return new Verdict(kind, message, Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    public Kind kind() {
        return kind;
    }

    public boolean isAccepted() {
        return kind == Kind.ACCEPTED;
    }

    public int replyCode() {
        return kind.replyCode();
    }

    public String enhancedStatus() {
        return kind.enhancedStatus();
    }

    /** The reply text after the codes; names the rule and the values, never secrets. */
    public String message() {
        return message;
    }

    /** For an accepted proof: the algorithm that paid for the transaction. */
    public Optional<String> algorithm() {
        return algorithm;
    }

    /** For an accepted proof: the bits it was required to reach (recipient scaling included). */
    public OptionalInt bits() {
        return bits;
    }

    /** For an accepted proof: the most RCPTs the transaction may now have. */
    public OptionalInt recipients() {
        return recipients;
    }

    /** The reply line without CRLF, e.g. {@code 250 2.7.0 proof accepted: ...}. */
    public String asReply() {
        return replyCode() + " " + enhancedStatus() + " " + message;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof Verdict)) {
            return false;
        }
        Verdict that = (Verdict) o;
        return kind == that.kind && message.equals(that.message) && algorithm.equals(that.algorithm)
            && bits.equals(that.bits) && recipients.equals(that.recipients);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(kind, message, algorithm, bits, recipients);
    }

    @Override
    public String toString() {
        return asReply();
    }
}
