/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

/** XPOW text that breaks the grammar of docs/xpow.md; the message says which rule and where. */
public final class MalformedXpowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedXpowException(String message) {
        super(message);
    }
}
