/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import java.io.IOException;

import org.smtorp.mailets.connection.SmtpReply;

/** The server refused a command of a whole transaction; 5xx means the mail should bounce. */
public final class SmtpFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    SmtpFailure(String command, String server, SmtpReply reply) {
        super(server + " answered " + command + " with " + reply.asString());
        this.permanent = reply.isPermanentFailure();
    }

    SmtpFailure(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public boolean isPermanent() {
        return permanent;
    }
}
