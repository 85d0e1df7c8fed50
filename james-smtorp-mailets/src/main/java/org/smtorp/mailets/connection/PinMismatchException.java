/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import java.security.cert.CertificateException;

/** The server's key is not the one the address or the first-use pin names. */
final class PinMismatchException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final boolean firstUsePin;

    PinMismatchException(String message, boolean firstUsePin) {
        super(message);
        this.firstUsePin = firstUsePin;
    }

    /** The key differs from the one first seen there, not from one the address (or its owner) named. */
    boolean isFirstUsePin() {
        return firstUsePin;
    }
}
