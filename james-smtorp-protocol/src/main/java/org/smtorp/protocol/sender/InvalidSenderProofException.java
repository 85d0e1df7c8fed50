/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

/** An {@code XONION} proof that is malformed or does not verify; the message says which rule failed. */
public final class InvalidSenderProofException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSenderProofException(String message) {
        super(message);
    }

    public InvalidSenderProofException(String message, Throwable cause) {
        super(message, cause);
    }
}
