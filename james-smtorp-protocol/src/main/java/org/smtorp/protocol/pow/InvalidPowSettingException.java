/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

/** A proof-of-work setting that cannot be used; the message names the token and what it allows. */
public final class InvalidPowSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPowSettingException(String message) {
        super(message);
    }
}
