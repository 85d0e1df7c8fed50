/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.smtorp.mailets.connection.DeliveryFailure;
import org.smtorp.mailets.connection.SmtpReply;

/**
 * A transaction whose message went out up to its final dot: {@link #result()} reads the
 * server's final reply, in its place in line, while the session may already carry the next
 * transaction. A transaction whose recipients were all refused is settled at once.
 */
public final class MessageInFlight {
    private final Optional<SmtpExchange> exchange;
    private final long dot;
    private final Map<MailAddress, SmtpReply> refused;
    private final long envelopeMillis;
    private final long enveloped;
    private final Optional<TransactionResult> settled;

    private MessageInFlight(Optional<SmtpExchange> exchange, long dot, Map<MailAddress, SmtpReply> refused,
                            long envelopeMillis, long enveloped, Optional<TransactionResult> settled) {
        this.exchange = exchange;
        this.dot = dot;
        // In the order of RCPT TO, as the bounce lists them.
        this.refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
        this.envelopeMillis = envelopeMillis;
        this.enveloped = enveloped;
        this.settled = settled;
    }

    static MessageInFlight settled(TransactionResult result) {
        return new MessageInFlight(Optional.empty(), -1, result.refused(), 0, 0, Optional.of(result));
    }

    static MessageInFlight awaiting(SmtpExchange exchange, long dot, Map<MailAddress, SmtpReply> refused,
                                    long envelopeMillis, long enveloped) {
        return new MessageInFlight(Optional.of(exchange), dot, refused, envelopeMillis, enveloped, Optional.empty());
    }

    /** Whether the final reply is still to be read: the message was sent. */
    public boolean awaitsReply() {
        return settled.isEmpty();
    }

    /**
     * The transaction's end. A refused final dot, or a session that broke before its reply,
     * throws: the message may or may not have been taken (RFC 5321 6.1: assume it was not).
     */
    public TransactionResult result() throws DeliveryFailure {
        if (settled.isPresent()) {
            return settled.get();
        }
        return exchange.orElseThrow().finish(dot, refused, envelopeMillis, enveloped);
    }
}
