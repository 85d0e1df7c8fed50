/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.Objects;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failed XPOW and XONION proofs of one connection, counted together against one limit
 * (SPEC section 2): each failed proof costs us a hash or a signature check, so a stranger gets
 * a few of either, not a few of each. Immutable, in the connection state; XpowHandler sets the
 * limit its {@code <maxFailedProofs>} names at the connection's first EHLO (both proofs need one),
 * and a listener without it still counts XONION failures against {@link #DEFAULT_LIMIT}.
 */
final class FailedProofs {
    static final AttachmentKey<FailedProofs> KEY = AttachmentKey.of("smtorp.proofs.failed", FailedProofs.class);
    /** A sender that fails this many proofs in one connection is disconnected. */
    static final int DEFAULT_LIMIT = 3;

    private static final Logger LOGGER = LoggerFactory.getLogger(FailedProofs.class);

    private final int count;
    private final int limit;

    private FailedProofs(int count, int limit) {
        this.count = count;
        this.limit = limit;
    }

    /** No failure yet; the failure that reaches {@code limit} closes the connection. */
    static FailedProofs none(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit of failed proofs must be at least 1: " + limit);
        }
        return new FailedProofs(0, limit);
    }

    FailedProofs afterFailure() {
        return new FailedProofs(count + 1, limit);
    }

    boolean closesConnection() {
        return count >= limit;
    }

    int count() {
        return count;
    }

    int limit() {
        return limit;
    }

    /**
     * Counts a refused proof in the session and answers the reply to send: {@code refusal}, or
     * {@code 421 4.7.0}, closing the connection, when this failure reaches the limit.
     *
     * @param verb     XPOW or XONION, for the log
     * @param fallback the limit when the connection has none yet
     */
    static Response refuse(SMTPSession session, String verb, Response refusal, int fallback) {
        FailedProofs failed = session.getAttachment(KEY, State.Connection).orElse(none(fallback)).afterFailure();
        session.setAttachment(KEY, failed, State.Connection);
        if (!failed.closesConnection()) {
            LOGGER.debug("{} refused ({} of {} failed proofs): {}", verb, failed.count, failed.limit,
                refusal.getRetCode());
            return refusal;
        }
        LOGGER.info("Closing a connection after {} failed XPOW and XONION proofs; the last, {}: {}", failed.count,
            verb, refusal.getRetCode());
        SMTPResponse closing = new SMTPResponse(SMTPRetCode.SERVICE_NOT_AVAILABLE,
            DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.SECURITY_OTHER) + " Too many failed proofs ("
                + failed.count + "), closing connection; the last: " + refusal.getRetCode() + " "
                + statusAndText(refusal));
        closing.setEndSession(true);
        return closing;
    }

    // The first reply line without its code: "<enhanced status> <text>".
    private static String statusAndText(Response refusal) {
        if (refusal.getLines().isEmpty()) {
            return "";
        }
        String line = refusal.getLines().get(0).toString();
        int space = line.indexOf(' ');
        return space < 0 ? "" : line.substring(space + 1);
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof FailedProofs)) {
            return false;
        }
        FailedProofs that = (FailedProofs) o;
        return count == that.count && limit == that.limit;
    }

    @Override
    public final int hashCode() {
        return Objects.hash(count, limit);
    }

    @Override
    public String toString() {
        return "FailedProofs{" + count + " of " + limit + "}";
    }
}
