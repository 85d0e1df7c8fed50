/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A size limit for messages that no XPOW proof paid for: hashcash stamps and DKIM signatures
 * are in the message, so they can be checked only once it has arrived. Past the limit, the rest of the
 * message is read and discarded, not stored, and the end of DATA is answered
 * {@code 552 5.3.4}: an honest sender learns why, and no stamp is spent. The DATA lines of a
 * paid transaction, or a listed partner's, pass untouched (James's maxmessagesize still holds for them).
 */
final class UnpaidMessageLimit {
    private static final Logger LOGGER = LoggerFactory.getLogger(UnpaidMessageLimit.class);
    // Bytes of this transaction's message so far, and whether it went past the limit (then: -1).
    private static final AttachmentKey<Long> RECEIVED = AttachmentKey.of("smtorp.unpaid.received", Long.class);
    private static final long OVER_LIMIT = -1;
    private static final int END_OF_DATA_LENGTH = 3;

    private final long maxBytes;

    UnpaidMessageLimit(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the unpaid message size limit must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** One DATA line, before James stores it; passes it on unless the message is past the limit. */
    Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (session.getAttachment(Payment.KEY, State.Transaction).isPresent()
            || session.getAttachment(Exemption.KEY, State.Transaction).isPresent()) {
            return next.onLine(session, line); // Paid, or a listed partner's (set at DATA).
        }
        long received = session.getAttachment(RECEIVED, State.Transaction).orElse(0L);
        if (isEndOfData(line)) {
            // James ends the transaction either way; over the limit, refuse() answers for it.
            return next.onLine(session, line);
        }
        if (received == OVER_LIMIT) {
            return null;
        }
        long total = received + line.length;
        if (total > maxBytes) {
            LOGGER.debug("Discarding the rest of a message without a proof of work past {} bytes", maxBytes);
            session.setAttachment(RECEIVED, OVER_LIMIT, State.Transaction);
            return null;
        }
        session.setAttachment(RECEIVED, total, State.Transaction);
        return next.onLine(session, line);
    }

    /** At the end of DATA, before any other check: {@code 552 5.3.4} for a message past the limit. */
    HookResult onMessage(SMTPSession session) {
        if (session.getAttachment(RECEIVED, State.Transaction).orElse(0L) != OVER_LIMIT) {
            return HookResult.DECLINED;
        }
        LOGGER.info("Refused a message without a proof of work larger than {} bytes", maxBytes);
        ErrorLimitHandler.countRefusedMessage(session);
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(SMTPRetCode.QUOTA_EXCEEDED)
            .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SYSTEM_MSG_TOO_BIG)
                + " Message too big to accept unpaid: at most " + maxBytes
                + " bytes without a proof of work; send XPOW before MAIL FROM for larger mail")
            .build();
    }

    private static boolean isEndOfData(byte[] line) {
        return line.length == END_OF_DATA_LENGTH && line[0] == '.' && line[1] == '\r' && line[2] == '\n';
    }
}
