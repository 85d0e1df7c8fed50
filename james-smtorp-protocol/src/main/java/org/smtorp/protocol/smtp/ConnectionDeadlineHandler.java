/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSession;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not brought TLS up, or not greeted with EHLO under TLS, within
 * seconds of its connect ({@link ConnectionDeadlines}), with {@code 421 4.4.2}. Goes at the
 * top of the onion listener's handler chain:
 * <pre>
 * &lt;handler class="org.smtorp.protocol.smtp.ConnectionDeadlineHandler"&gt;
 *     &lt;tlsDeadline&gt;10 seconds&lt;/tlsDeadline&gt;
 *     &lt;ehloDeadline&gt;30 seconds&lt;/ehloDeadline&gt;
 * &lt;/handler&gt;
 * </pre>
 * Without it a stranger holds each of the listener's {@code connectionLimit} slots for the
 * whole {@code connectiontimeout} (minutes, as RFC 5321 asks) with one idle Tor stream.
 *
 * <p>James gives a connect handler the session, not its Netty channel, so the deadlines run
 * on one timer thread of this handler, and the reply goes out through the session's transport,
 * whose writes Netty hands to the channel's own thread.
 */
public final class ConnectionDeadlineHandler implements ConnectHandler<SMTPSession>,
    DisconnectHandler<SMTPSession>, HeloHook {
    // SSLEngine.getSession() documents this cipher suite for a session whose handshake has not completed.
    private static final String NO_HANDSHAKE_YET = "SSL_NULL_WITH_NULL_NULL";
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionDeadlineHandler.class);
    private static final AttachmentKey<Watch> WATCH = AttachmentKey.of("smtorp.connectionDeadlines", Watch.class);
    /**
     * Says nothing and keeps the session: James's JMX statistics of connect handlers fail on a
     * null answer (and close the connection), so "no answer" must be a response without lines.
     */
    private static final Response NOTHING = new Response() {
        @Override
        public String getRetCode() {
            return "";
        }

        @Override
        public List<CharSequence> getLines() {
            return List.of();
        }

        @Override
        public boolean isEndSession() {
            return false;
        }
    };

    // Set once by init(), before the first session.
    private volatile Optional<ConnectionDeadlines> deadlines = Optional.empty();
    private volatile Optional<ScheduledThreadPoolExecutor> timer = Optional.empty();

    @Override
    public void init(Configuration config) throws ConfigurationException {
        ConnectionDeadlines read = ConnectionDeadlines.from(config);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "smtorp-connection-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // A connection that made its deadlines leaves no task behind.
        executor.setRemoveOnCancelPolicy(true);
        deadlines = Optional.of(read);
        timer = Optional.of(executor);
        LOGGER.info("Connections must bring TLS up within {} ms and send EHLO within {} ms", read.tls().toMillis(),
            read.ehlo().toMillis());
    }

    @Override
    public Response onConnect(SMTPSession session) {
        ConnectionDeadlines settings = deadlines.orElseThrow(() -> new IllegalStateException(
            ConnectionDeadlineHandler.class.getSimpleName() + " was not initialised"));
        Watch watch = new Watch(session);
        session.setAttachment(WATCH, watch, State.Connection);
        watch.schedule(timer.orElseThrow(), ConnectionMilestone.TLS, settings.tls());
        watch.schedule(timer.orElseThrow(), ConnectionMilestone.EHLO, settings.ehlo());
        return NOTHING;
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        session.getAttachment(WATCH, State.Connection).ifPresent(Watch::greeted);
        return HookResult.DECLINED;
    }

    @Override
    public void onDisconnect(SMTPSession session) {
        session.getAttachment(WATCH, State.Connection).ifPresent(Watch::cancel);
    }

    @Override
    public void destroy() {
        timer.ifPresent(ScheduledThreadPoolExecutor::shutdownNow);
    }

    /** One connection's deadlines; the timer thread reads only this, never the session's attachments. */
    private static final class Watch {
        private final SMTPSession session;
        private final AtomicBoolean greeted = new AtomicBoolean();
        private final List<ScheduledFuture<?>> pending = new CopyOnWriteArrayList<>();

        Watch(SMTPSession session) {
            this.session = session;
        }

        void schedule(ScheduledThreadPoolExecutor timer, ConnectionMilestone milestone, Duration deadline) {
            try {
                pending.add(timer.schedule(() -> check(milestone, deadline), deadline.toMillis(),
                    TimeUnit.MILLISECONDS));
            } catch (RejectedExecutionException e) {
                // James is stopping and closes every connection itself.
            }
        }

        void greeted() {
            greeted.set(true);
        }

        void cancel() {
            pending.forEach(task -> task.cancel(false));
        }

        private void check(ConnectionMilestone milestone, Duration deadline) {
            if (milestone.isReached(tlsUp(), greeted.get())) {
                return;
            }
            LOGGER.debug("Closing connection {}: {} within {} ms", session.getSessionID(), milestone.missing(),
                deadline.toMillis());
            cancel();
            // Before an implicit TLS handshake the reply can not be sent; the connection closes all the same.
            SMTPResponse reply = new SMTPResponse(SMTPRetCode.SERVICE_NOT_AVAILABLE,
                DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.NETWORK_CONNECTION) + " "
                    + session.getConfiguration().getHelloName() + " " + milestone.missing() + " within "
                    + deadline.toSeconds() + " s, closing connection");
            reply.setEndSession(true);
            ((ProtocolSessionImpl) session).getProtocolTransport().writeResponse(reply, session);
        }

        private boolean tlsUp() {
            return session.getSSLSession().map(SSLSession::getCipherSuite)
                .filter(suite -> !NO_HANDSHAKE_YET.equals(suite))
                .isPresent();
        }
    }
}
