/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.connection.Deadline;
import org.smtorp.mailets.connection.SmtpReply;
import org.smtorp.mailets.connection.DeliveryFailure;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.session.DsnArguments;
import org.smtorp.mailets.session.MessageInFlight;
import org.smtorp.mailets.session.SmtpExchange;
import org.smtorp.mailets.session.TransactionResult;
import org.smtorp.mailets.session.XonionProver;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.pow.xpow.XpowClient;

/**
 * Delivers one message to the recipients at one onion over a pooled session, or a new one
 * through tor. Each transaction (at most {@value #MAX_RECIPIENTS_PER_TRANSACTION} recipients)
 * has a {@link Deadline}: a server that trickles its replies, or stops reading, loses the
 * connection when it passes. {@link #close()} ends every delivery in flight at once.
 *
 * <p>With a server that pipelines, a session goes back to the pool as soon as the message's
 * final dot is written, before its reply: the next mail to that onion writes its envelope
 * behind the dot.
 */
final class SessionDeliverer implements OnionDeliverer, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionDeliverer.class);
    // RFC 5321 4.5.3.1.8: every server takes 100 recipients a transaction; more go in further ones.
    static final int MAX_RECIPIENTS_PER_TRANSACTION = 100;

    private final TorConnection connection;
    private final ExchangePool pool;
    private final SmtorpDomain heloName;
    private final XpowClient xpow;
    private final Duration powBudget;
    private final Duration transactionTimeout;
    private final int sessionsPerDestination;
    private final Optional<XonionProver> prover;
    private final ScheduledExecutorService timers;
    private final Set<Deadline> inFlight = ConcurrentHashMap.newKeySet();
    // Permits per destination ever seen (a few bytes each): a mail to an onion takes one of its
    // idle sessions, or opens one while fewer than the limit are in use, or waits for one.
    // Sessions to one onion share its circuit (one isolation key): a new one costs a stream and
    // a TLS handshake, never a new rendezvous.
    // By onion, whatever pin or port a route names: the onion's server is what the limit spares.
    private final ConcurrentMap<OnionAddress, OnionSessions> destinations = new ConcurrentHashMap<>();
    private volatile boolean closed;

    SessionDeliverer(TorConnection connection, ExchangePool pool, SmtorpDomain heloName, XpowClient xpow,
                     Duration powBudget, Duration transactionTimeout, int sessionsPerDestination,
                     Optional<XonionProver> prover, ScheduledExecutorService timers) {
        if (sessionsPerDestination < 1) {
            throw new IllegalArgumentException("sessions per destination must be at least 1: " + sessionsPerDestination);
        }
        this.connection = connection;
        this.pool = pool;
        this.heloName = heloName;
        this.xpow = xpow;
        this.powBudget = powBudget;
        this.transactionTimeout = transactionTimeout;
        this.sessionsPerDestination = sessionsPerDestination;
        this.prover = prover;
        this.timers = timers;
    }

    @Override
    public DeliveryOutcome deliver(OnionRoute route, MaybeSender reversePath, List<MailAddress> recipients,
                                   MimeMessage message, DsnArguments dsn) {
        OnionSessions destination = destinations.computeIfAbsent(route.onion(),
            onion -> new OnionSessions(sessionsPerDestination));
        Semaphore sessions = destination.sessions;
        if (!sessions.tryAcquire()) {
            // As many threads wait as one destination's attempts may (DestinationScheduler), and no
            // more: however many domains lead to one onion, a tarpit holds a bounded number of threads.
            int mostWaiting = threadsPerDestination(sessionsPerDestination);
            if (destination.waiting.incrementAndGet() > mostWaiting) {
                destination.waiting.decrementAndGet();
                return DeliveryOutcome.failed(recipients, DeliveryFailure.temporary(DeliveryFailure.Reason.DEADLINE,
                    "all " + sessionsPerDestination + " sessions to " + route.onion().asString() + " are busy and "
                        + mostWaiting + " more mails wait for them"));
            }
            try {
                // Bounded: a destination whose sessions are all held by a slow server gives its mail back.
                if (!sessions.tryAcquire(transactionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return DeliveryOutcome.failed(recipients, DeliveryFailure.temporary(DeliveryFailure.Reason.DEADLINE,
                        "all " + sessionsPerDestination + " sessions to " + route.onion().asString()
                            + " stayed busy for " + transactionTimeout.toSeconds() + " s"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryOutcome.failed(recipients, DeliveryFailure.temporary(DeliveryFailure.Reason.DEADLINE,
                    "interrupted while waiting for a session to " + route.onion().asString()));
            } finally {
                destination.waiting.decrementAndGet();
            }
        }
        SessionRelease release = new SessionRelease(sessions);
        try {
            return overOneSession(route, reversePath, recipients, message, dsn, release);
        } finally {
            release.run();
        }
    }

    private DeliveryOutcome overOneSession(OnionRoute route, MaybeSender reversePath, List<MailAddress> recipients,
                                           MimeMessage message, DsnArguments dsn, SessionRelease release) {
        List<MailAddress> delivered = new ArrayList<>();
        Map<MailAddress, DeliveryFailure> failed = new LinkedHashMap<>();
        Optional<SmtpExchange> session = Optional.empty();
        for (int from = 0; from < recipients.size(); from += MAX_RECIPIENTS_PER_TRANSACTION) {
            List<MailAddress> batch = recipients.subList(from,
                Math.min(recipients.size(), from + MAX_RECIPIENTS_PER_TRANSACTION));
            Deadline deadline = Deadline.after(transactionTimeout, timers);
            inFlight.add(deadline);
            try {
                if (closed) {
                    throw DeliveryFailure.temporary(DeliveryFailure.Reason.DEADLINE, "James is stopping");
                }
                boolean pooled = false;
                if (session.isEmpty()) {
                    Optional<SmtpExchange> idle = pool.take(route);
                    pooled = idle.isPresent();
                    session = Optional.of(idle.isPresent() ? idle.get() : newSession(route, deadline));
                }
                session.get().guardBy(deadline);
                MessageInFlight sent;
                try {
                    sent = transaction(session.get(), reversePath, batch, message, dsn);
                } catch (DeliveryFailure e) {
                    // A server may close a session while it idles in our pool; it cannot have taken the
                    // message if it answered nothing in this transaction, so a new session may send it.
                    if (!pooled || e.reason() != DeliveryFailure.Reason.CONNECTION || session.get().hasReplied()) {
                        throw e;
                    }
                    LOGGER.debug("a pooled session to {} was closed ({}); opening a new one", route.onion().asString(),
                        e.getMessage());
                    session.get().close();
                    session = Optional.of(newSession(route, deadline));
                    sent = transaction(session.get(), reversePath, batch, message, dsn);
                }
                boolean last = from + MAX_RECIPIENTS_PER_TRANSACTION >= recipients.size();
                if (last && sent.awaitsReply() && session.get().pipelinesTransactions() && session.get().isOpen()) {
                    // The next mail to this onion may write behind our dot while we wait for its reply.
                    pool.giveBack(route, session.get());
                    session = Optional.empty();
                    release.run();
                }
                TransactionResult result = sent.result();
                Map<MailAddress, SmtpReply> refused = result.refused();
                batch.stream().filter(recipient -> !refused.containsKey(recipient)).forEach(delivered::add);
                refused.forEach((recipient, reply) -> failed.put(recipient,
                    DeliveryFailure.refused("RCPT TO:<" + recipient.asString() + ">", route.onion().asString(), reply)));
            } catch (DeliveryFailure e) {
                // A refusal leaves the session usable (SmtpExchange reset it); anything else ends it.
                // A session given back at the dot is the pool's: a broken one closed itself.
                if (e.reason() == DeliveryFailure.Reason.REPLY && session.filter(SmtpExchange::isOpen).isPresent()) {
                    pool.giveBack(route, session.get());
                } else {
                    session.ifPresent(SmtpExchange::close);
                }
                if (from == 0) {
                    return DeliveryOutcome.failed(recipients, e);
                }
                recipients.subList(from, recipients.size()).forEach(recipient -> failed.put(recipient, e));
                return DeliveryOutcome.of(delivered, failed);
            } finally {
                deadline.close();
                inFlight.remove(deadline);
            }
        }
        session.filter(SmtpExchange::isOpen).ifPresent(open -> pool.giveBack(route, open));
        return DeliveryOutcome.of(delivered, failed);
    }

    private SmtpExchange newSession(OnionRoute route, Deadline deadline) throws DeliveryFailure {
        return SmtpExchange.start(connection.open(route, heloName.asString(), deadline), route.onion(),
            heloName.asString(), xpow, powBudget, prover);
    }

    private static MessageInFlight transaction(SmtpExchange exchange, MaybeSender reversePath,
                                               List<MailAddress> recipients, MimeMessage message, DsnArguments dsn)
        throws DeliveryFailure {
        try {
            return exchange.begin(reversePath, recipients, message, dsn);
        } catch (MessagingException e) {
            exchange.close();
            throw DeliveryFailure.permanent(DeliveryFailure.Reason.MESSAGE, "the message cannot be written: "
                + e.getMessage(), e);
        }
    }

    /**
     * The threads one destination may keep busy: one in each session, one in each session reading
     * its last message's final reply while the next mail writes behind it, and one waiting.
     */
    static int threadsPerDestination(int sessionsPerDestination) {
        return 2 * sessionsPerDestination + 1;
    }

    // An onion's session permits, and how many threads wait for one.
    private static final class OnionSessions {
        private final Semaphore sessions;
        private final AtomicInteger waiting = new AtomicInteger();

        OnionSessions(int sessionsPerDestination) {
            this.sessions = new Semaphore(sessionsPerDestination);
        }
    }

    /** Gives a destination's session permit back once, at the final dot or at the end. */
    private static final class SessionRelease implements Runnable {
        private final Semaphore permits;
        private boolean released;

        SessionRelease(Semaphore permits) {
            this.permits = permits;
        }

        @Override
        public void run() {
            if (released) {
                return;
            }
            released = true;
            permits.release();
        }
    }

    /** Ends every delivery in flight: their connections close, their mail is retried later. */
    @Override
    public void close() {
        closed = true;
        inFlight.forEach(Deadline::expireNow);
    }
}
