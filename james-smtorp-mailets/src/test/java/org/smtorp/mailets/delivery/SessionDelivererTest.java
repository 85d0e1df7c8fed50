/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;
import org.smtorp.mailets.connection.Deadline;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.mailets.connection.PinStore;
import org.smtorp.mailets.connection.ScriptedSmtpServer;
import org.smtorp.mailets.connection.ScriptedSocksServer;
import org.smtorp.mailets.connection.SocksConnector;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.mailets.session.DsnArguments;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.XpowClient;

/** Concurrent mails to one onion through a SOCKS relay to a scripted server that answers each message slowly. */
class SessionDelivererTest {
    private static final SmtorpDomain HELO =
        SmtorpDomain.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
    private static final MailAddress BOB = MailDelivererTest.address("bob@" + ScriptedSmtpServer.ONION.asString());
    private static final Duration SLOW = Duration.ofMillis(300);
    private static final int MAILS = 4;

    @Test
    void concurrentMailsToOneDestinationShouldShareTheSessionLimitOverOneIsolationKey(@TempDir Path pins)
        throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING").delayingEndOfData(SLOW);
             ScriptedSocksServer socks = ScriptedSocksServer.relayingTo(server.address())) {
            OnionRoute route = route(server, socks);

            assertThat(deliverAtOnce(route, socks, pins, 2, MAILS)).allMatch(outcome ->
                outcome.delivered().equals(List.of(BOB)));
            assertThat(server.messages()).hasSize(MAILS);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.mostOpenAtOnce()).isEqualTo(2);
            assertThat(socks.requests()).extracting(request -> request.user).containsOnly(route.isolationKey());
        }
    }

    @Test
    void oneSessionPerDestinationShouldCarryEveryMailOverOneConnection(@TempDir Path pins) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING").delayingEndOfData(SLOW);
             ScriptedSocksServer socks = ScriptedSocksServer.relayingTo(server.address())) {
            assertThat(deliverAtOnce(route(server, socks), socks, pins, 1, MAILS)).allMatch(outcome ->
                outcome.delivered().equals(List.of(BOB)));
            assertThat(server.messages()).hasSize(MAILS);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void moreThreadsWaitingForAnOnionsSessionsThanItsBoundShouldFailAtOnceNotHoldAThread(@TempDir Path pins)
        throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING").delayingEndOfData(SLOW);
             ScriptedSocksServer socks = ScriptedSocksServer.relayingTo(server.address())) {
            // One session, at most 2 x 1 + 1 threads waiting for it: of 6 at once, 2 fail for now.
            List<DeliveryOutcome> outcomes = deliverAtOnce(route(server, socks), socks, pins, 1, 6);

            assertThat(outcomes).filteredOn(outcome -> outcome.delivered().equals(List.of(BOB))).hasSize(4);
            assertThat(outcomes).filteredOn(outcome -> outcome.delivered().isEmpty()).hasSize(2)
                .allSatisfy(outcome -> assertThat(outcome.wholeFailure().orElseThrow().getMessage())
                    .endsWith("are busy and 3 more mails wait for them"));
            assertThat(server.messages()).hasSize(4);
        }
    }

    private static OnionRoute route(ScriptedSmtpServer server, ScriptedSocksServer socks) {
        return OnionRoute.of(ScriptedSmtpServer.ONION, OnionRoute.SMTP_PORT, socks.address(), TlsMode.IMPLICIT,
            Optional.of(server.identity().fingerprint()));
    }

    /** {@code mails} deliveries started together on as many threads. */
    private static List<DeliveryOutcome> deliverAtOnce(OnionRoute route, ScriptedSocksServer socks, Path pins,
                                                       int sessions, int mails) throws Exception {
        TorConnection connection = TorConnection.of(SocksConnector.of(socks.address(), Duration.ofSeconds(10)),
            PinStore.in(pins));
        ExecutorService threads = Executors.newFixedThreadPool(mails);
        try (ExchangePool pool = new ExchangePool(Clock.systemUTC(), Duration.ofSeconds(30))) {
            SessionDeliverer deliverer = new SessionDeliverer(connection, pool, HELO,
                XpowClient.of(AlgorithmRegistry.all(Clock.systemUTC()), Solver.withThreads(1)),
                Duration.ofSeconds(10), Duration.ofSeconds(30), sessions, Optional.empty(),
                Deadline.timers("test-deadlines"));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<DeliveryOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < mails; i++) {
                Callable<DeliveryOutcome> delivery = () -> {
                    start.await();
                    return deliverer.deliver(route, MaybeSender.getMailSender("alice@" + HELO.asString()), List.of(BOB),
                        message(), DsnArguments.NONE);
                };
                outcomes.add(threads.submit(delivery));
            }
            start.countDown();
            List<DeliveryOutcome> done = new ArrayList<>();
            for (Future<DeliveryOutcome> outcome : outcomes) {
                done.add(outcome.get());
            }
            return done;
        } finally {
            threads.shutdownNow();
        }
    }

    private static MimeMessage message() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("concurrent");
        message.setText("Hello over Tor.");
        message.saveChanges();
        return message;
    }
}
