/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An error limit per connection, as Postfix's {@code smtpd_hard_error_limit}: the refused
 * command (any 4xx or 5xx reply) that reaches {@code <maxErrors>} is answered
 * {@code 421 4.7.0} instead, and the connection closes. It sees every reply to a command
 * line, whoever wrote it: James's core handlers, ValidRcptHandler's {@code 550 5.1.1} (so
 * user enumeration gets a few guesses per connection), ours. As smtpserver.xml names it:
 * <pre>
 * &lt;handler class="org.smtorp.protocol.smtp.ErrorLimitHandler"&gt;
 *     &lt;maxErrors&gt;20&lt;/maxErrors&gt;
 * &lt;/handler&gt;
 * </pre>
 * James calls result handlers twice per line: for each command handler's reply inside its
 * CommandDispatcher, and for the line's final reply in the Netty handler, where the line
 * handler is the dispatcher. Only the second is counted, so each line counts once. The reply
 * at the end of DATA is James's data line handler's and passes no result handler: a message
 * refused there for want of payment (XpowHandler's {@code 530}, {@code 552}) is counted with
 * {@link #countRefusedMessage}, so a stranger can not loop unpaid uploads, each a DKIM check,
 * on one connection; once the count has reached the limit, the next command line is answered
 * {@code 421} whatever its own reply.
 */
public final class ErrorLimitHandler implements ProtocolHandlerResultHandler<Response, ProtocolSession> {
    static final String MAX_ERRORS = "maxErrors";
    /** Postfix's default for smtpd_hard_error_limit. */
    static final int DEFAULT_MAX_ERRORS = 20;
    static final int MOST_ERRORS = 1000;

    private static final Logger LOGGER = LoggerFactory.getLogger(ErrorLimitHandler.class);
    private static final AttachmentKey<Integer> REFUSED = AttachmentKey.of("smtorp.errors.refused", Integer.class);

    // Set once by init(), before the first session.
    private volatile int maxErrors = DEFAULT_MAX_ERRORS;

    @Override
    public void init(Configuration config) throws ConfigurationException {
        maxErrors = HandlerElements.of(ErrorLimitHandler.class, config, Set.of(MAX_ERRORS))
            .wholeNumber(MAX_ERRORS, DEFAULT_MAX_ERRORS, 1, MOST_ERRORS);
        LOGGER.info("{} refused commands close a connection", maxErrors);
    }

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime,
                               ProtocolHandler handler) {
        if (!(handler instanceof LineHandler) || response == null || response.isEndSession()) {
            return response;
        }
        int refused = refused(session);
        if (isRefusal(response)) {
            refused++;
            session.setAttachment(REFUSED, refused, State.Connection);
        }
        if (refused < maxErrors) {
            return response;
        }
        LOGGER.info("Closing a connection after {} refused commands; the last: {}", refused, response.getRetCode());
        SMTPResponse closing = new SMTPResponse(SMTPRetCode.SERVICE_NOT_AVAILABLE,
            DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.SECURITY_OTHER) + " Too many errors (" + refused
                + "), closing connection");
        closing.setEndSession(true);
        return closing;
    }

    /**
     * Counts a message refused at the end of DATA for want of payment, a reply no result handler
     * sees; the connection's next command line closes it if the count has reached the limit.
     */
    static void countRefusedMessage(ProtocolSession session) {
        session.setAttachment(REFUSED, refused(session) + 1, State.Connection);
    }

    static int refused(ProtocolSession session) {
        return session.getAttachment(REFUSED, State.Connection).orElse(0);
    }

    private static boolean isRefusal(Response response) {
        String code = response.getRetCode();
        return code != null && !code.isEmpty() && (code.charAt(0) == '4' || code.charAt(0) == '5');
    }
}
