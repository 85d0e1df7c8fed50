/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.connection.TorConnectionException;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.session.SmtpExchange;
import org.smtorp.mailets.session.SmtpFailure;
import org.smtorp.mailets.session.TransactionResult;
import org.smtorp.mailets.session.XonionProver;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.pow.xpow.XpowClient;

/** Delivers one message to the recipients of one onion: a pooled session or a new one through tor. */
final class OnionDeliverer {
    private static final Logger LOGGER = LoggerFactory.getLogger(OnionDeliverer.class);

    private final TorConnection connection;
    private final ExchangePool pool;
    private final SmtorpDomain heloName;
    private final XpowClient xpow;
    private final Duration powBudget;
    private final int sessionsPerDestination;
    private final Optional<XonionProver> prover;
    // Permits per destination ever seen (a few bytes each): a mail to an onion takes one of its
    // idle sessions, or opens one while fewer than the limit are in use, or waits for one.
    // Sessions to one onion share its circuit (one isolation key): a new one costs a stream and
    // a TLS handshake, never a new rendezvous.
    private final ConcurrentMap<OnionRoute, Semaphore> destinations = new ConcurrentHashMap<>();

    OnionDeliverer(TorConnection connection, ExchangePool pool, SmtorpDomain heloName, XpowClient xpow,
                   Duration powBudget, int sessionsPerDestination, Optional<XonionProver> prover) {
        if (sessionsPerDestination < 1) {
            throw new IllegalArgumentException("sessions per destination must be at least 1: " + sessionsPerDestination);
        }
        this.connection = connection;
        this.pool = pool;
        this.heloName = heloName;
        this.xpow = xpow;
        this.powBudget = powBudget;
        this.sessionsPerDestination = sessionsPerDestination;
        this.prover = prover;
    }

    DeliveryOutcome deliver(OnionRoute route, String reversePath, List<String> recipients, MimeMessage message) {
        Semaphore sessions = destinations.computeIfAbsent(route, r -> new Semaphore(sessionsPerDestination));
        // Uninterruptible, as the lock it replaces: a session ends within its timeouts.
        sessions.acquireUninterruptibly();
        try {
            return deliverOverOneSession(route, reversePath, recipients, message);
        } finally {
            sessions.release();
        }
    }

    private DeliveryOutcome deliverOverOneSession(OnionRoute route, String reversePath, List<String> recipients,
                                                  MimeMessage message) {
        Optional<SmtpExchange> pooled = pool.take(route);
        if (pooled.isPresent()) {
            try {
                return transaction(route, pooled.get(), reversePath, recipients, message);
            } catch (IOException e) {
                // The server may have closed an idle session; a new connection decides.
                LOGGER.debug("a pooled session to {} failed ({}); opening a new one", route.onion().asString(),
                    e.getMessage());
                pooled.get().close();
            }
        }
        SmtpExchange exchange;
        try {
            exchange = SmtpExchange.start(connection.open(route, heloName.asString()), route.onion().asString(),
                heloName.asString(), xpow, powBudget, prover);
        } catch (TorConnectionException e) {
            return e.isPermanent() ? DeliveryOutcome.permanent(e.getMessage()) : DeliveryOutcome.temporary(e.getMessage());
        } catch (SmtpFailure e) {
            return e.isPermanent() ? DeliveryOutcome.permanent(e.getMessage()) : DeliveryOutcome.temporary(e.getMessage());
        } catch (IOException e) {
            return DeliveryOutcome.temporary("connection to " + route.onion().asString() + " failed: " + e.getMessage());
        }
        try {
            return transaction(route, exchange, reversePath, recipients, message);
        } catch (IOException e) {
            exchange.close();
            return DeliveryOutcome.temporary("connection to " + route.onion().asString() + " broke: " + e.getMessage());
        }
    }

    private DeliveryOutcome transaction(OnionRoute route, SmtpExchange exchange, String reversePath,
                                        List<String> recipients, MimeMessage message) throws IOException {
        try {
            TransactionResult result = exchange.send(reversePath, recipients, message);
            pool.giveBack(route, exchange);
            Map<String, String> refused = new LinkedHashMap<>();
            result.refused().forEach((recipient, reply) -> refused.put(recipient, route.onion().asString()
                + " refused RCPT TO:<" + recipient + "> with " + reply.asString()));
            return DeliveryOutcome.success(refused);
        } catch (SmtpFailure e) {
            pool.giveBack(route, exchange);
            return e.isPermanent() ? DeliveryOutcome.permanent(e.getMessage()) : DeliveryOutcome.temporary(e.getMessage());
        } catch (MessagingException e) {
            exchange.close();
            return DeliveryOutcome.permanent("the message cannot be written: " + e.getMessage());
        }
    }
}
