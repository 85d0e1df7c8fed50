/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import java.io.IOException;

/** A connection to an onion that failed before any mail was sent; says whether trying again can help. */
public final class TorConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    TorConnectionException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    TorConnectionException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean isPermanent() {
        return permanent;
    }
}
