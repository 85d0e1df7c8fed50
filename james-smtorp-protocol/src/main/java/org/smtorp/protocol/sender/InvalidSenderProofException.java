/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

import static java.util.Objects.requireNonNull;

/**
 * An {@code XONION} proof that is malformed, uses a key type we do not take, or does not
 * verify; the message says which rule failed, {@link #reason()} says which kind for the reply.
 */
public final class InvalidSenderProofException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal, each with its own reply (docs/announce.md). */
    public enum Reason {
        /** The arguments do not parse: wrong count, bad onion, not base64url, too long, not a key. */
        MALFORMED,
        /** A well-formed public key of a type other than EC P-256, refused before any signature work. */
        KEY_TYPE,
        /** The signature does not verify for this session and receiver. */
        SIGNATURE
    }

    private final Reason reason;

    public InvalidSenderProofException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason");
    }

    public InvalidSenderProofException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
