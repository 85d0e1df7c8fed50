/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Optional;

/**
 * Why mail could not be handed to an onion, typed for the decisions made on it: whether trying
 * again later can help, and what failed (callers switch on {@link Reason}, never on the
 * message, which is for people). The SMTP reply is kept when the server gave one.
 */
public final class DeliveryFailure extends IOException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** tor refused the SOCKS request (its reply code says how), or the SOCKS port is not tor's. */
        TOR,
        /** The connection could not be made or broke. */
        CONNECTION,
        /** The server's key is not the one the address's fingerprint (or an announced or DNS pin) names. */
        PIN_MISMATCH,
        /** The server's key is not the one first seen there (trust on first use). */
        KEY_CHANGED,
        /** No TLS 1.2 or later with the server, or none that the TLS mode allows. */
        TLS,
        /** The server broke SMTP: a malformed, oversized or unexpected reply. */
        PROTOCOL,
        /** The server answered a command with a failure reply, kept in {@link #reply()}. */
        REPLY,
        /** The delivery took longer than its deadline, or waited too long for a session. */
        DEADLINE,
        /** A proof of work that we cannot or will not pay. */
        PROOF_OF_WORK,
        /** The message could not be read from James's store. */
        MESSAGE;

        /**
         * Whether the failure is about whom we would be talking to: a key that is not the pinned
         * one, or a TLS handshake that did not complete. Such a recipient never goes to a sending
         * relay, which would meet the server without our pin and could trust whatever key it met.
         */
        public boolean concernsTheServersKey() {
            return this == PIN_MISMATCH || this == KEY_CHANGED || this == TLS;
        }
    }

    private final Reason reason;
    private final boolean permanent;
    private final Optional<SmtpReply> reply;

    private DeliveryFailure(Reason reason, boolean permanent, String message, Optional<SmtpReply> reply,
                            Throwable cause) {
        super(message, cause);
        this.reason = requireNonNull(reason, "reason");
        this.permanent = permanent;
        this.reply = reply;
    }

    public static DeliveryFailure temporary(Reason reason, String message) {
        return new DeliveryFailure(reason, false, message, Optional.empty(), null);
    }

    public static DeliveryFailure temporary(Reason reason, String message, Throwable cause) {
        return new DeliveryFailure(reason, false, message, Optional.empty(), cause);
    }

    public static DeliveryFailure permanent(Reason reason, String message) {
        return new DeliveryFailure(reason, true, message, Optional.empty(), null);
    }

    public static DeliveryFailure permanent(Reason reason, String message, Throwable cause) {
        return new DeliveryFailure(reason, true, message, Optional.empty(), cause);
    }

    /** The server refused {@code command}: permanent for a 5xx reply, else temporary. */
    public static DeliveryFailure refused(String command, String server, SmtpReply reply) {
        return new DeliveryFailure(Reason.REPLY, reply.isPermanentFailure(),
            server + " answered " + command + " with " + reply.asString(), Optional.of(reply), null);
    }

    /**
     * What a failed read or write on the connection to {@code peer} means: the deadline's work
     * when it has passed (it closed the connection), else a broken connection; either way worth
     * another try later.
     */
    public static DeliveryFailure broken(String peer, IOException cause, Optional<Deadline> deadline) {
        if (deadline.filter(Deadline::hasExpired).isPresent()) {
            return temporary(Reason.DEADLINE, peer + " did not finish within " + deadline.get().length().toSeconds()
                + " s; the connection was closed", cause);
        }
        return temporary(Reason.CONNECTION, "the connection to " + peer + " broke: " + cause.getMessage(), cause);
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the same attempt will fail again, so that the mail should bounce now. */
    public boolean isPermanent() {
        return permanent;
    }

    public Optional<SmtpReply> reply() {
        return reply;
    }
}
