/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.connection.Deadline;
import org.smtorp.mailets.connection.PinStore;
import org.smtorp.mailets.connection.ScriptedSmtpServer;
import org.smtorp.mailets.connection.ScriptedSmtpServer.Hostility;
import org.smtorp.mailets.connection.ScriptedSocksServer;
import org.smtorp.mailets.connection.SocksConnector;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.TlsIdentity;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.XpowClient;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * One mail to two onions, one of them hostile, through a SOCKS stub that plays tor: each
 * attempt must end within the transaction timeout plus a little, keep the heap and the log
 * small, give the hostile onion's recipient the outcome it deserves, and deliver to the
 * well-behaved onion exactly once.
 */
class HostileOnionTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration LITTLE = Duration.ofSeconds(2);
    private static final long FEW_MIB = 16L << 20;
    private static final int MAX_LOG_LINES = 10;

    private ScriptedSmtpServer hostile;
    private ScriptedSmtpServer good;
    private ScriptedSocksServer socks;
    private ScheduledExecutorService timers;
    private ListAppender<ILoggingEvent> log;
    private Path pins;

    @BeforeEach
    void start(@TempDir Path pins) throws Exception {
        this.pins = pins;
        hostile = ScriptedSmtpServer.at(MailDelivererTest.ONE, "PIPELINING");
        good = ScriptedSmtpServer.at(MailDelivererTest.TWO, "PIPELINING");
        socks = ScriptedSocksServer.relaying(Map.of(MailDelivererTest.ONE.asString(), hostile.address(),
            MailDelivererTest.TWO.asString(), good.address()));
        timers = Deadline.timers("hostile-test-deadlines");
        log = new ListAppender<>();
        log.start();
        Logger smtorp = (Logger) LoggerFactory.getLogger("org.smtorp");
        smtorp.setLevel(Level.INFO);
        smtorp.addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("org.smtorp")).detachAppender(log);
        timers.shutdownNow();
        socks.close();
        hostile.close();
        good.close();
    }

    @Test
    void aGreetingWithCode199ShouldBeRetried() throws Exception {
        hostile.greeting("199 hello");

        Attempt attempt = attemptBoth();

        assertThat(attempt.retries().get(bob())).contains("broke SMTP").contains("199 hello");
    }

    @Test
    void aGreetingWithCode099ShouldBeRetried() throws Exception {
        hostile.greeting("099 hello");

        assertThat(attemptBoth().retries().get(bob())).contains("broke SMTP");
    }

    @Test
    void aMillionContinuationLinesShouldBeCutShortAndRetried() throws Exception {
        hostile.hostile("EHLO", Hostility.ENDLESS_REPLY);
        long before = heapAfterGc();

        Attempt attempt = attemptBoth();

        assertThat(attempt.retries().get(bob())).contains("a reply of more than 100 lines");
        assertThat(heapAfterGc() - before).isLessThan(FEW_MIB);
    }

    @Test
    void aServerTricklingOneByteAtATimeShouldLoseTheConnectionAtTheDeadline() throws Exception {
        // Each byte comes well within the read time-out; only the transaction's deadline ends it.
        hostile.hostile("RCPT", Hostility.TRICKLE).trickling(READ_TIMEOUT.dividedBy(2));

        Attempt attempt = attemptBoth();

        assertThat(attempt.retries().get(bob())).contains("did not finish within " + TRANSACTION_TIMEOUT.toSeconds());
    }

    @Test
    void aProofOfWorkAboveTheBudgetShouldNotBeAttempted() throws Exception {
        hostile.close();
        hostile = ScriptedSmtpServer.at(MailDelivererTest.ONE, "PIPELINING", "XPOW AAECAwQFBgcICQoLDA0ODw argon2id=60");
        socks.close();
        socks = ScriptedSocksServer.relaying(Map.of(MailDelivererTest.ONE.asString(), hostile.address(),
            MailDelivererTest.TWO.asString(), good.address()));

        Attempt attempt = attemptBoth();

        assertThat(attempt.retries().get(bob())).contains("argon2id at 60 bits").contains("powBudget is 3 s");
        assertThat(hostile.commands()).noneMatch(command -> command.startsWith("XPOW") || command.startsWith("MAIL"));
    }

    @Test
    void aPartialTemporaryRefusalShouldRetryOnlyThatRecipient() throws Exception {
        MailAddress greylisted = MailDelivererTest.address("grey@" + MailDelivererTest.ONE.asString());
        hostile.replying("RCPT TO:<" + greylisted.asString() + ">", "450 4.2.0 greylisted, try later");
        FakeMail mail = MailDelivererTest.mail(bob().asString(), greylisted.asString(), carol().asString());

        Attempt attempt = attempt(mail);

        assertThat(attempt.delivered()).containsExactlyInAnyOrder(bob(), carol());
        assertThat(attempt.retries()).containsOnlyKeys(greylisted);
        assertThat(attempt.bounces()).isEmpty();
        assertThat(hostile.messages()).hasSize(1);
        assertThat(good.messages()).hasSize(1);
    }

    @Test
    void a354ThenCloseShouldBeRetried() throws Exception {
        hostile.hostile("DATA", Hostility.CLOSE_AFTER_REPLY);

        Attempt attempt = attemptBoth();

        assertThat(attempt.retries().get(bob())).contains("broke");
        assertThat(hostile.messages()).isEmpty();
    }

    @Test
    void aKeyOtherThanTheAddressNamesShouldBounceWithNothingSent() throws Exception {
        TlsIdentity other = TlsIdentity.generate(MailDelivererTest.ONE, new java.security.SecureRandom(),
            Clock.systemUTC());
        MailAddress pinned = MailDelivererTest.address("bob@" + SmtorpDomain.of(other.fingerprint(),
            MailDelivererTest.ONE).asString());
        FakeMail mail = MailDelivererTest.mail(pinned.asString(), carol().asString());

        Attempt attempt = attempt(mail);

        assertThat(attempt.bounces().get(pinned)).startsWith("pin mismatch for " + MailDelivererTest.ONE.asString());
        assertThat(hostile.commands()).isEmpty();
        assertThat(good.messages()).hasSize(1);
    }

    /**
     * RFC 5321 6.1: a client that gets no reply to the final dot must assume the message was not
     * delivered and try again, accepting a possible duplicate; the retry schedule bounds it.
     */
    @Test
    void noReplyAfterTheFinalDotShouldBeRetried() throws Exception {
        hostile.hostile(".", Hostility.CLOSE_WITHOUT_REPLY);

        Attempt attempt = attemptBoth();

        assertThat(attempt.retries().get(bob())).contains("broke");
        assertThat(hostile.messages()).hasSize(1);
    }

    private Attempt attemptBoth() throws Exception {
        return attempt(MailDelivererTest.mail(bob().asString(), carol().asString()));
    }

    /** One attempt, with the bounds every hostile case must keep; the good onion gets its mail once. */
    private Attempt attempt(FakeMail mail) throws Exception {
        long started = System.nanoTime();
        Attempt attempt;
        try (ExchangePool pool = new ExchangePool(Clock.systemUTC(), Duration.ofSeconds(30));
             SessionDeliverer sessions = new SessionDeliverer(TorConnection.of(SocksConnector.of(socks.address(),
                 READ_TIMEOUT), PinStore.in(pins)), pool,
                 SmtorpDomain.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion"),
                 XpowClient.of(AlgorithmRegistry.all(Clock.systemUTC()), Solver.withThreads(1)),
                 Duration.ofSeconds(3), TRANSACTION_TIMEOUT, 1, Optional.empty(), timers)) {
            attempt = new MailDeliverer(RouteSelector.of(List.of()), sessions, socks.address(), TlsMode.IMPLICIT,
                List.of(Duration.ofMinutes(1)), 3, true).attempt(mail, 0);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isLessThan(TRANSACTION_TIMEOUT.plus(LITTLE));
        assertThat(good.messages()).hasSize(1);
        assertThat(attempt.delivered()).contains(carol());
        assertThat(log.list).hasSizeLessThanOrEqualTo(MAX_LOG_LINES);
        return attempt;
    }

    private static MailAddress bob() {
        return MailDelivererTest.address("bob@" + MailDelivererTest.ONE.asString());
    }

    private static MailAddress carol() {
        return MailDelivererTest.address("carol@" + MailDelivererTest.TWO.asString());
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
