/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Objects;

import org.apache.james.core.MailAddress;
import org.smtorp.mailets.connection.SmtpReply;

/**
 * A transaction's end: whether the server took the message, and the recipients it refused,
 * each with its reply (all of them when it took nothing).
 */
public final class TransactionResult {
    private final boolean sent;
    private final Map<MailAddress, SmtpReply> refused;

    private TransactionResult(boolean sent, Map<MailAddress, SmtpReply> refused) {
        this.sent = sent;
        this.refused = refused;
    }

    /** The server took the message for every recipient but {@code refused}. */
    public static TransactionResult sent(Map<MailAddress, SmtpReply> refused) {
        return new TransactionResult(true, Map.copyOf(requireNonNull(refused, "refused")));
    }

    /** The server refused every recipient: the message was not sent. */
    public static TransactionResult nothingSent(Map<MailAddress, SmtpReply> refused) {
        if (refused.isEmpty()) {
            throw new IllegalArgumentException("a transaction that sent nothing refused every recipient");
        }
        return new TransactionResult(false, Map.copyOf(refused));
    }

    public boolean isSent() {
        return sent;
    }

    public Map<MailAddress, SmtpReply> refused() {
        return refused;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof TransactionResult)) {
            return false;
        }
        TransactionResult other = (TransactionResult) o;
        return sent == other.sent && refused.equals(other.refused);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(sent, refused);
    }

    @Override
    public String toString() {
        return (sent ? "sent" : "nothing sent") + (refused.isEmpty() ? "" : ", refused " + refused.keySet());
    }
}
