/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

/**
 * What a new connection must have reached by each of its {@link ConnectionDeadlines}, and
 * the {@code 421} it gets when it has not.
 */
enum ConnectionMilestone {
    /** The TLS handshake has completed. */
    TLS("no TLS"),
    /** EHLO or HELO was accepted, and TLS is up: in STARTTLS mode EHLO comes first, so both count. */
    EHLO("no EHLO under TLS");

    private final String missing;

    ConnectionMilestone(String missing) {
        this.missing = missing;
    }

    boolean isReached(boolean tlsUp, boolean greeted) {
        return this == TLS ? tlsUp : tlsUp && greeted;
    }

    /** For the 421 reply and the log, e.g. "no TLS". */
    String missing() {
        return missing;
    }
}
