/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import static java.util.Objects.requireNonNull;

import java.util.Map;

import org.smtorp.mailets.connection.SmtpReply;

/** A transaction the server accepted, and the recipients it refused (each with its reply). */
public final class TransactionResult {
    private final Map<String, SmtpReply> refused;

    private TransactionResult(Map<String, SmtpReply> refused) {
        this.refused = refused;
    }

    public static TransactionResult of(Map<String, SmtpReply> refused) {
        requireNonNull(refused, "refused");
        return new TransactionResult(Map.copyOf(refused));
    }

    public Map<String, SmtpReply> refused() {
        return refused;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof TransactionResult && refused.equals(((TransactionResult) o).refused);
    }

    @Override
    public final int hashCode() {
        return refused.hashCode();
    }

    @Override
    public String toString() {
        return refused.isEmpty() ? "accepted" : "accepted, refused " + refused.keySet();
    }
}
