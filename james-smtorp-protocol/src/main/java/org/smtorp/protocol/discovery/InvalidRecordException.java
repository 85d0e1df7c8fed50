/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static java.util.Objects.requireNonNull;

import org.smtorp.protocol.address.QuotedInput;

/**
 * A DNS record for discovery that does not parse: an {@code _smtorp} TXT record or an
 * onionmx SRV record. The message names the failed rule and quotes the record;
 * {@link #reason()} is for code that reacts per rule.
 */
public final class InvalidRecordException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    // A TXT record may hold 64 KiB: keep log lines bounded.
    private static final int MAX_QUOTED_INPUT = 300;

    /** The rule that the record breaks. */
    public enum Reason {
        /** Not {@code tag=value} pairs separated by {@code ;}. */
        SYNTAX,
        /** The record does not start with {@code v=smtorp1}, or names another version. */
        VERSION,
        /** A required tag ({@code onion}, {@code fp}) is missing. */
        MISSING_TAG,
        /** A tag appears twice. */
        DUPLICATE_TAG,
        /** A tag that {@code v=smtorp1} does not define. */
        UNKNOWN_TAG,
        /** The onion is not a valid v3 onion address ending in {@code .onion}. */
        ONION,
        /** The fingerprint is not 16 to 52 base32 characters. */
        FINGERPRINT,
        /** The port is not a number from 1 to 65535. */
        PORT,
        /** An SRV target that is not exactly a v3 {@code <onion>.onion.} name. */
        TARGET
    }

    private final Reason reason;
    private final String detail;

    InvalidRecordException(Reason reason, String detail, String record) {
        super(detail + ": '" + QuotedInput.of(record, MAX_QUOTED_INPUT) + "'");
        this.reason = requireNonNull(reason, "reason");
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The failed rule without the quoted record. */
    public String detail() {
        return detail;
    }
}
