/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

/**
 * The private Tor network could not do what was asked: a node exited, a readiness
 * condition was not met in time, or tor refused a control command. The message names
 * the node and what was awaited, and ends with the tail of that node's log.
 */
public final class TorNetworkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TorNetworkException(String message) {
        super(message);
    }

    TorNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
