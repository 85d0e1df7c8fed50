/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static java.util.Objects.requireNonNull;

/**
 * An SMTorP address, domain, onion address or fingerprint that does not parse.
 * The message names the failed rule and quotes the input; {@link #reason()} is
 * for code that reacts differently per rule (an SMTP reply, a form field).
 */
public final class InvalidAddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    // An address is at most 256 octets (RFC 5321 4.5.3.1.3); longer input is cut in the message.
    private static final int MAX_QUOTED_INPUT = 256;

    /** The rule that the input breaks. */
    public enum Reason {
        /** Not of the form {@code local@[fingerprint.]onion.onion}: no '@', empty or extra labels. */
        SYNTAX,
        /** The domain is not under {@code .onion}. */
        NOT_ONION,
        /** The onion address does not have 56 characters. */
        LENGTH,
        /** The onion address holds a character outside the base32 alphabet. */
        ALPHABET,
        /** A v2 onion, or a version byte other than 3. */
        VERSION,
        /** The 2-byte SHA3-256 checksum does not match the key and version. */
        CHECKSUM,
        /** The checksum is right but the key is no Ed25519 point of prime order (Tor refuses it too). */
        KEY,
        /** The fingerprint is shorter than 16 or longer than 52 characters. */
        FINGERPRINT_LENGTH,
        /** The fingerprint holds a character outside the base32 alphabet. */
        FINGERPRINT_ALPHABET,
        /** A full-length fingerprint whose last character sets bits past the 256-bit hash. */
        FINGERPRINT_PADDING,
        /** The local part breaks RFC 5321 (characters, dots, quoting, 64 octets). */
        LOCAL_PART
    }

    private final Reason reason;
    private final String detail;

    InvalidAddressException(Reason reason, String detail, String input) {
        super(detail + ": '" + QuotedInput.of(input, MAX_QUOTED_INPUT) + "'");
        this.reason = requireNonNull(reason, "reason");
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The failed rule without the quoted input, for example {@code checksum mismatch}. */
    public String detail() {
        return detail;
    }
}
