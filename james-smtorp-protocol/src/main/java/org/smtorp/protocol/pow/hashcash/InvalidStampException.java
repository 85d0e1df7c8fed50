/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

/** Text that is not a hashcash version 1 stamp; the message names the field and the rule. */
public final class InvalidStampException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidStampException(String message) {
        super(message);
    }
}
