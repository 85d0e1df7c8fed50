/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.mailets.connection.Deadline;
import org.smtorp.mailets.connection.DeliveryFailure;
import org.smtorp.mailets.connection.PinStore;
import org.smtorp.mailets.connection.ScriptedSmtpServer;
import org.smtorp.mailets.connection.ScriptedSocksServer;
import org.smtorp.mailets.connection.SocksConnector;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.route.Destination;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.mailets.route.RouteSource;
import org.smtorp.mailets.route.SourceAnswer;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.XpowClient;

/** Findings of an attacker's review of the delivery path, each a test that failed before its fix. */
class AttackerFindingsTest {
    private static final SmtorpDomain HELO = SmtorpDomain.parse(MailDelivererTest.TWO.asString());
    private static final InetSocketAddress SOCKS = new InetSocketAddress("127.0.0.1", 9050);
    private static final List<Duration> DELAYS = List.of(Duration.ofMinutes(1));
    private static final int MAX_RETRIES = 3;
    private static final String V2 = "expyuzz4wqqyqhjn.onion";

    private ScheduledExecutorService timers;

    @BeforeEach
    void timers() {
        timers = Deadline.timers("attacker-findings-deadlines");
    }

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    /**
     * A domain (its owner, or a path attacker under dnssec off) publishes many onionmx SRV
     * targets, e.g. one onion on 50 ports, each of which stalls until the deadline. Every one is
     * tried in the same attempt, each with a whole transactionTimeout (and session wait): 51
     * routes x 10 min holds a delivery thread for 8.5 hours. Postfix tries at most 5 MX addresses.
     */
    @Test
    void oneAttemptShouldTryOnlyAFewOnionmxTargets() throws Exception {
        RouteSource manyTargets = recipient -> SourceAnswer.found(Destination.of(recipient, MailDelivererTest.ONE,
            25, Optional.empty(), "onionmx SRV").withFallbacks(IntStream.range(0, 50)
            .mapToObj(i -> Destination.of(recipient, MailDelivererTest.ONE, 2000 + i, Optional.empty(), "onionmx SRV"))
            .collect(Collectors.toList())));
        List<OnionRoute> tried = new ArrayList<>();
        OnionDeliverer stalling = (route, reversePath, recipients, message, dsn) -> {
            tried.add(route);
            return DeliveryOutcome.failed(recipients, DeliveryFailure.temporary(DeliveryFailure.Reason.DEADLINE,
                route.onion().asString() + " did not finish within 600 s; the connection was closed"));
        };

        new MailDeliverer(RouteSelector.of(List.of(manyTargets)), stalling, SOCKS, TlsMode.IMPLICIT, DELAYS,
            MAX_RETRIES, true).attempt(MailDelivererTest.mail("bob@evil.example"), 0);

        assertThat(tried.size()).as("onions tried in one attempt").isLessThanOrEqualTo(5);
    }


    /**
     * A hostile onion's reply text goes unfiltered into the failure message: into every INFO line
     * of the attempt and into the DSN James sends (Bouncer.DELIVERY_ERROR, quoted in the DSN's
     * text and Diagnostic-Code). A bare CR forges a log line or a DSN field, ESC drives the
     * terminal that watches the log (bin/smtorp demo), and each reply may be 32 KiB.
     */
    @Test
    void aServersReplyTextShouldReachBouncesOnlyPrintableAndShort(@TempDir Path pins) throws Exception {
        String padding = "550-5.1.1 " + "x".repeat(3_900) + "\r\n";
        try (ScriptedSmtpServer hostile = ScriptedSmtpServer.at(MailDelivererTest.ONE, "PIPELINING")
                 .replying("RCPT", padding.repeat(7) + "550 5.1.1 unknown\rAction: delivered\u001b[2J");
             ScriptedSocksServer socks = ScriptedSocksServer.relaying(Map.of(MailDelivererTest.ONE.asString(),
                 hostile.address()));
             ExchangePool pool = new ExchangePool(Clock.systemUTC(), Duration.ofSeconds(30));
             SessionDeliverer sessions = sessions(socks, pins, pool, Duration.ofSeconds(10))) {
            MailAddress bob = MailDelivererTest.address("bob@" + MailDelivererTest.ONE.asString());

            Attempt attempt = new MailDeliverer(RouteSelector.of(List.of()), sessions, socks.address(),
                TlsMode.IMPLICIT, DELAYS, MAX_RETRIES, true).attempt(MailDelivererTest.mail(bob.asString()), 0);

            assertThat(attempt.bounces()).containsKey(bob);
            assertPrintableAndShort(attempt.bounces().get(bob));
        }
    }

    /**
     * James's MailAddress takes any ASCII character as a quoted pair, CR and ESC included, so
     * anyone can send us MAIL FROM:<"x\<CR>..."@<v2 onion>>; the bounce or auto-reply to it is
     * refused with a reason that quotes the address raw, into the log and the DSN.
     */
    @Test
    void anAddressShouldReachBouncesOnlyPrintable() throws Exception {
        FakeMail mail = MailDelivererTest.mail("\"x\\\r2026-01-01 INFO forged\\\u001b[2J\"@" + V2);
        OnionDeliverer unused = (route, reversePath, recipients, message, dsn) -> {
            throw new AssertionError("an invalid onion is never delivered");
        };

        Attempt attempt = new MailDeliverer(RouteSelector.of(List.of()), unused, SOCKS, TlsMode.IMPLICIT, DELAYS,
            MAX_RETRIES, true).attempt(mail, 0);

        assertThat(attempt.bounces()).hasSize(1);
        assertPrintableAndShort(attempt.bounces().values().iterator().next());
    }

    /**
     * Every reason names its recipient: one bounce per reason made one mail to N bad recipients
     * N DSNs (each a copy of the message) and 2N INFO lines. Stock RemoteDelivery sends one
     * bounce per mail and attempt.
     */
    @Test
    void oneMailShouldBounceOncePerAttemptWhateverItsRecipients() throws Exception {
        FakeMail mail = MailDelivererTest.mail(IntStream.range(0, 50).mapToObj(i -> "user" + i + "@" + V2)
            .toArray(String[]::new));
        OnionDeliverer unused = (route, reversePath, recipients, message, dsn) -> {
            throw new AssertionError("an invalid onion is never delivered");
        };

        Attempt attempt = new MailDeliverer(RouteSelector.of(List.of()), unused, SOCKS, TlsMode.IMPLICIT, DELAYS,
            MAX_RETRIES, true).attempt(mail, 0);

        // One DSN names them all (RemoteDelivery's way), in a reason of bounded length.
        assertThat(attempt.bounces()).hasSize(50);
        assertThat(attempt.bounceReason()).hasValueSatisfying(reason -> assertThat(reason)
            .hasSizeLessThanOrEqualTo(Attempt.MAX_BOUNCE_REASON));
    }



    private SessionDeliverer sessions(ScriptedSocksServer socks, Path pins, ExchangePool pool, Duration transaction) {
        return new SessionDeliverer(TorConnection.of(SocksConnector.of(socks.address(), Duration.ofSeconds(5)),
            PinStore.in(pins)), pool, HELO, XpowClient.of(AlgorithmRegistry.all(Clock.systemUTC()),
            Solver.withThreads(1)), Duration.ofSeconds(3), transaction, 1, Optional.empty(), timers);
    }

    private static void assertPrintableAndShort(String reason) {
        List<String> control = reason.chars().filter(c -> c < 0x20 || c == 0x7f)
            .mapToObj(c -> String.format("0x%02X", c)).distinct().collect(Collectors.toList());
        assertThat("control characters " + control + ", " + (reason.length() <= 1024 ? "short" : reason.length()
            + " characters")).as("a bounce reason: %s...", reason.substring(0, Math.min(100, reason.length())))
            .isEqualTo("control characters [], short");
    }
}
