/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.lifecycle;

/** Where the onion service stands; health, WebAdmin and logs all read this one value. */
public enum OnionServiceState {
    /** Not running: before start, after stop. */
    STOPPED,
    /** Starting a managed tor or connecting to a control port. */
    STARTING,
    /** Connected; tor is building its first circuits. */
    BOOTSTRAPPING,
    /** The service is added; no HSDir has its descriptor yet. */
    PUBLISHING,
    /** An HSDir accepted the descriptor (HS_DESC UPLOADED): senders can reach us. */
    READY,
    /** The control connection or the managed tor was lost; trying again with back-off. */
    RECONNECTING
}
