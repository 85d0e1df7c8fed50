/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.session.SmtpExchange;

/**
 * Idle SMTP sessions by route, so the next mail to a destination reuses the open connection
 * (and its circuit) instead of paying for a new rendezvous and TLS handshake. A session idle
 * longer than the timeout is closed when next seen.
 */
final class ExchangePool implements AutoCloseable {
    private final Clock clock;
    private final Duration idleTimeout;
    private final Map<OnionRoute, Deque<Idle>> idle = new HashMap<>();

    ExchangePool(Clock clock, Duration idleTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    /**
     * An open session to {@code route}: one with nothing owed first, else the one given back last
     * (its previous message's final reply still to come: the next mail writes behind it). A
     * session owing a reply is never stale. Stale ones are closed outside the lock.
     */
    Optional<SmtpExchange> take(OnionRoute route) {
        List<SmtpExchange> stale = new ArrayList<>();
        Optional<SmtpExchange> chosen = Optional.empty();
        synchronized (this) {
            Deque<Idle> sessions = idle.getOrDefault(route, new ArrayDeque<>());
            Instant now = clock.instant();
            for (Iterator<Idle> it = sessions.iterator(); it.hasNext(); ) {
                Idle candidate = it.next();
                if (!candidate.exchange.isOpen()) {
                    it.remove();
                } else if (!candidate.since.plus(idleTimeout).isAfter(now) && !candidate.exchange.owesReplies()) {
                    it.remove();
                    stale.add(candidate.exchange);
                }
            }
            // From the newest: the one the server has least likely closed for idleness.
            Optional<Idle> pick = Optional.empty();
            for (Iterator<Idle> it = sessions.descendingIterator(); it.hasNext() && pick.isEmpty(); ) {
                Idle candidate = it.next();
                if (!candidate.exchange.owesReplies()) {
                    pick = Optional.of(candidate);
                }
            }
            if (pick.isEmpty()) {
                pick = Optional.ofNullable(sessions.peekLast());
            }
            if (pick.isPresent()) {
                sessions.remove(pick.get());
                chosen = Optional.of(pick.get().exchange);
            }
            if (sessions.isEmpty()) {
                idle.remove(route);
            }
        }
        stale.forEach(SmtpExchange::closeNow);
        return chosen;
    }

    synchronized void giveBack(OnionRoute route, SmtpExchange exchange) {
        if (exchange.isOpen()) {
            idle.computeIfAbsent(route, r -> new ArrayDeque<>()).addLast(new Idle(exchange, clock.instant()));
        }
    }

    @Override
    public void close() {
        List<Idle> all = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(session -> session.exchange.closeNow());
    }

    private static final class Idle {
        private final SmtpExchange exchange;
        private final Instant since;

        Idle(SmtpExchange exchange, Instant since) {
            this.exchange = exchange;
            this.since = since;
        }
    }
}
