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

    synchronized Optional<SmtpExchange> take(OnionRoute route) {
        Deque<Idle> sessions = idle.getOrDefault(route, new ArrayDeque<>());
        Instant now = clock.instant();
        while (!sessions.isEmpty()) {
            Idle candidate = sessions.pollLast();
            if (candidate.since.plus(idleTimeout).isAfter(now) && candidate.exchange.isOpen()) {
                return Optional.of(candidate.exchange);
            }
            candidate.exchange.close();
        }
        idle.remove(route);
        return Optional.empty();
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
        all.forEach(session -> session.exchange.close());
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
