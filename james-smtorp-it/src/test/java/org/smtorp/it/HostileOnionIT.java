/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.it.HostileReceiver.Hostility;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * A real sender James mails one message to a recipient at a hostile onion and one at a
 * well-behaved onion (a real receiving James), both on the private Tor network. Whatever part
 * the hostile onion plays, the well-behaved one gets the mail exactly once, the attempt ends
 * within the sender's {@code transactionTimeout} plus a little (the sender's retry comes that
 * soon), the sender's log grows by a bounded number of lines and bytes, and the hostile
 * onion's recipient gets the outcome it deserves: a retry, then a bounce in alice's inbox
 * after the last one ({@value #MAX_RETRIES}). One sender, one receiver and one hostile onion
 * serve the whole class; each test runs its mail to the end, so none leaves work to the next.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class HostileOnionIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Path RESOURCES = Path.of(System.getProperty("smtorp.testResources"), "conf");

    // Short, so that a server trickling a byte a second is ended by the transaction's deadline,
    // not by a read time-out, in seconds rather than the shipped ten minutes.
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(8);
    // The well-behaved onion's argon2id=3 takes well under a second, unless a busy CI shares its cores.
    private static final Duration POW_BUDGET = Duration.ofSeconds(6);
    private static final Duration TRICKLE = Duration.ofSeconds(1);
    /** What an attempt may take beyond the transaction's deadline: the spool, the well-behaved onion's delivery. */
    private static final Duration LITTLE = Duration.ofSeconds(4);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final int MAX_RETRIES = 1;
    private static final int ATTEMPTS = MAX_RETRIES + 1;
    /** Per attempt, what the sender's log may grow by: a few lines, no stack trace, no reply copied whole. */
    private static final int MAX_LOG_LINES = 50;
    private static final long MAX_LOG_BYTES = 20 * 1024;

    /** James's record of each WebAdmin request and response: the test's own reads, not delivery. */
    private static final Pattern WEBADMIN_READ =
        Pattern.compile("^\\S+ INFO  o\\.a\\.j\\.w\\.mdc\\.Logging(Request|Response)Filter - ");
    /** James's report of a message copy nobody disposed, found by the garbage collector whenever it runs. */
    private static final Pattern LEAK =
        Pattern.compile("^\\S+ ERROR o\\.a\\.j\\.l\\.a\\.Disposable\\$LeakAwareFinalizer - Leak detected!");

    private static final ServerIdentity RECEIVER = OnionListener.createIdentity("HostileOnionIT-receiver");
    private static final ServerIdentity HOSTILE = OnionListener.createIdentity("HostileOnionIT-hostile");
    private static final ServerIdentity SENDER = OnionListener.createIdentity("HostileOnionIT-sender");
    private static final String CAROL = "carol@" + RECEIVER.domain().asString();
    private static final String BOB = "bob@" + HOSTILE.domain().asString();

    @RegisterExtension
    static JamesServerExtension receiver = OnionListener.jamesOffering(RECEIVER, "argon2id=3", "sha256=off",
            "hashcash=off")
        .configuredWith(conf -> conf.confLayer(RESOURCES.resolve("onion-receiver")));

    // Advanced leak detection: each leak report says where the copy was made, ours or James's.
    @RegisterExtension
    static JamesServerExtension sender = OnionSender.james(SENDER)
        .withJvmOption("-Djames.lifecycle.leak.detection.mode=advanced")
        .configuredWith(conf -> conf
            .confFile("mailetcontainer.xml", senderMailets())
            .value("delayTime", RETRY_DELAY.toSeconds() + " seconds")
            .value("maxRetries", MAX_RETRIES));

    private static HostileReceiver hostile;
    private static JamesLog senderLog;
    private static TorNetwork tor;
    private static List<OnionService> published = List.of();

    private String testName;
    private long logMark;
    private Instant sent;

    /** onion-sender's mail container with the short timeouts above. */
    private static String senderMailets() {
        String timeout = "<timeout>30 seconds</timeout>";
        try {
            String mailets = Files.readString(RESOURCES.resolve("onion-sender").resolve("mailetcontainer.xml"));
            if (!mailets.contains(timeout)) {
                throw new IllegalStateException("onion-sender/mailetcontainer.xml should hold " + timeout);
            }
            return mailets.replace(timeout, "<timeout>" + READ_TIMEOUT.toSeconds() + " seconds</timeout>"
                + "<transactionTimeout>" + TRANSACTION_TIMEOUT.toSeconds() + " seconds</transactionTimeout>"
                + "<powBudget>" + POW_BUDGET.toSeconds() + " seconds</powBudget>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void publishBothOnions(TorNetwork network) throws Exception {
        // The onion listener's ValidRcptHandler refuses recipients without a mailbox.
        new WebAdmin(receiver.port(OnionListener.WEBADMIN)).createUser("carol@" + RECEIVER.onion().asString(),
            "carols-password");
        hostile = HostileReceiver.start(HOSTILE);
        senderLog = new JamesLog(sender.server().logFile());
        tor = network;
        published = List.of(OnionListener.publish(network, RECEIVER, receiver, PATIENCE),
            OnionListener.publish(network, HOSTILE, hostile.port(), PATIENCE));
        // The client tor looks both descriptors up now, with patience, so that no test's first
        // attempt meets a descriptor not yet uploaded; then a first mail builds the sender's circuits.
        for (ServerIdentity onion : List.of(RECEIVER, HOSTILE)) {
            try (Socket warm = OnionClient.open(network.socksAddress(), onion.onion(), 25, PATIENCE)) {
                assertThat(warm.isConnected()).isTrue();
            }
        }
        hostile.reset();
        String subject = LabMail.send(sender, BOB, CAROL);
        LabMail.awaitMail(receiver, subject, PATIENCE);
        await().atMost(PATIENCE).until(() -> hostile.messages().stream().anyMatch(m -> m.contains(subject)));
    }

    @AfterAll
    static void unpublish() throws IOException {
        published.forEach(service -> tor.onionHost().unpublish(service));
        if (hostile != null) {
            hostile.close();
        }
    }

    @BeforeEach
    void playWell(TestInfo test) {
        testName = test.getDisplayName();
        hostile.reset();
    }

    @Test
    void aGreetingWithCode199ShouldBeRetriedThenBounced() throws Exception {
        hostile.greeting("199 hello");

        String subject = sendToBoth(BOB);

        assertThat(awaitBounce(subject)).contains(BOB).contains("broke SMTP").contains("199 hello");
        assertThat(hostile.messages()).isEmpty();
    }

    @Test
    void aMillionContinuationLinesShouldBeCutShortThenBounced() throws Exception {
        hostile.hostile("EHLO", Hostility.ENDLESS_REPLY);

        String subject = sendToBoth(BOB);

        assertThat(awaitBounce(subject)).contains(BOB).contains("a reply of more than 100 lines");
        // Cut at the limit, long before a read time-out, let alone the end of the reply.
        assertThat(connectionsOnceEnded()).allSatisfy(lasted -> assertThat(lasted).isLessThan(READ_TIMEOUT));
        assertThat(hostile.messages()).isEmpty();
    }

    @Test
    void aServerTricklingOneByteASecondShouldLoseTheConnectionAtTheDeadline() throws Exception {
        // Each byte comes well within the read time-out: only the transaction's deadline ends it.
        hostile.hostile("GREETING", Hostility.TRICKLE).trickling(TRICKLE);

        String subject = sendToBoth(BOB);

        assertThat(awaitBounce(subject)).contains(BOB)
            .contains("did not finish within " + TRANSACTION_TIMEOUT.toSeconds() + " s");
        assertThat(connectionsOnceEnded()).hasSize(ATTEMPTS).allSatisfy(lasted -> assertThat(lasted)
            .isGreaterThan(READ_TIMEOUT).isLessThan(TRANSACTION_TIMEOUT.plus(LITTLE)));
    }

    @Test
    void aProofOfWorkAboveTheBudgetShouldNotBeAttemptedThenBounced() throws Exception {
        hostile.offering("XPOW AAECAwQFBgcICQoLDA0ODw argon2id=60");

        String subject = sendToBoth(BOB);

        assertThat(awaitBounce(subject)).contains(BOB).contains("argon2id at 60 bits")
            .contains("powBudget is " + POW_BUDGET.toSeconds() + " s");
        assertThat(hostile.commands()).noneMatch(command -> command.startsWith("XPOW") || command.startsWith("MAIL"));
    }

    @Test
    void aPartialTemporaryRefusalShouldRetryOnlyThatRecipientThenBounceIt() throws Exception {
        String greylisted = "grey@" + HOSTILE.domain().asString();
        hostile.replying("RCPT TO:<" + greylisted + ">", "450 4.2.0 greylisted, try later");

        String subject = sendToBoth(BOB, greylisted);

        assertThat(awaitBounce(subject)).contains(greylisted).contains("450 4.2.0 greylisted");
        assertThat(hostile.messages()).filteredOn(message -> message.contains(subject)).hasSize(1);
        assertThat(hostile.commands()).filteredOn(command -> command.equals("RCPT TO:<" + BOB + ">")).hasSize(1);
    }

    @Test
    void a354ThenCloseShouldBeRetriedThenBounced() throws Exception {
        hostile.hostile("DATA", Hostility.CLOSE_AFTER_REPLY);

        String subject = sendToBoth(BOB);

        assertThat(awaitBounce(subject)).contains(BOB).contains("the server closed the connection");
        assertThat(hostile.messages()).isEmpty();
    }

    /**
     * RFC 5321 6.1: a client that gets no reply to the final dot must assume the message was not
     * delivered and try again, accepting a possible duplicate at that server; the retry schedule
     * bounds the copies to one an attempt, and the other onion still gets one.
     */
    @Test
    void noReplyAfterTheFinalDotShouldBeRetriedThenBounced() throws Exception {
        hostile.hostile(".", Hostility.CLOSE_WITHOUT_REPLY);

        String subject = sendToBoth(BOB);

        assertThat(awaitBounce(subject)).contains(BOB).contains("the server closed the connection");
        assertThat(hostile.messages()).filteredOn(message -> message.contains(subject)).hasSize(ATTEMPTS);
    }

    /**
     * Every bounce is a copy of the mail; James reports a copy nobody disposed when the garbage
     * collector finds it (its message may be a file on disk), three ERROR lines each, at a time
     * no attempt decides. None may have been made by our code.
     */
    @Test
    void aBounceShouldDisposeOfTheCopyItMade() throws Exception {
        hostile.greeting("199 hello");
        awaitBounce(sendToBoth(BOB));

        collectGarbage(sender);
        // James reports what the collector found when it next makes a message: one more mail.
        LabMail.awaitMail(receiver, LabMail.send(sender, CAROL), PATIENCE);

        assertThat(senderLog.recordsSince(0))
            .filteredOn(record -> LEAK.matcher(record).find() && record.contains("org.smtorp")).isEmpty();
    }

    /** Sends one mail to {@code hostileRecipients} and carol at the well-behaved onion; marks the sender's log. */
    private String sendToBoth(String... hostileRecipients) throws IOException {
        logMark = senderLog.end();
        sent = Instant.now();
        List<String> recipients = new ArrayList<>(Arrays.asList(hostileRecipients));
        recipients.add(CAROL);
        return LabMail.send(sender, recipients.toArray(new String[0]));
    }

    /**
     * Follows the mail to its end: the first attempt ends in a retry soon enough, the bounce after
     * the last retry arrives, and by then carol has it once and the log grew by little.
     *
     * @return the bounce in alice's inbox
     */
    private String awaitBounce(String subject) throws Exception {
        Duration firstAttempt = awaitLog("retry 1 of " + MAX_RETRIES);
        String bounce = LabMail.awaitMail(sender, subject, PATIENCE);
        Duration toBounce = Duration.between(sent, Instant.now());
        String grown = String.join("", deliveryRecordsSinceMark());
        long lines = grown.lines().count();
        int bytes = grown.getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("%s: first attempt ended (retry logged) after %d ms; bounce after %d ms; hostile "
                + "connections %s; sender log +%d lines, +%d bytes%n", testName, firstAttempt.toMillis(),
            toBounce.toMillis(), hostile.connections(), lines, bytes);

        assertThat(firstAttempt).isLessThan(TRANSACTION_TIMEOUT.plus(LITTLE));
        assertThat(hostile.connections()).allSatisfy(connection -> connection.lasted()
            .ifPresent(lasted -> assertThat(lasted).isLessThan(TRANSACTION_TIMEOUT.plus(LITTLE))));
        assertThat(LabMail.mails(receiver)).filteredOn(mail -> mail.contains(subject)).hasSize(1);
        assertThat(lines).as(grown).isLessThan((long) MAX_LOG_LINES * ATTEMPTS);
        assertThat(bytes).as(grown).isLessThan(Math.toIntExact(MAX_LOG_BYTES * ATTEMPTS));
        return bounce;
    }

    /**
     * How long each of the hostile onion's connections lasted, once the receiver has seen them
     * all end: at its next read or write after the sender closed, a trickled byte at the latest.
     */
    private static List<Duration> connectionsOnceEnded() {
        await().atMost(TRICKLE.multipliedBy(3)).until(() -> hostile.connections().stream()
            .allMatch(connection -> connection.lasted().isPresent()));
        return hostile.connections().stream().map(connection -> connection.lasted().orElseThrow())
            .collect(Collectors.toList());
    }

    /** How long after sending {@code text} first appeared in the sender's log, past the mark. */
    private Duration awaitLog(String text) {
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> senderLog.since(logMark).contains(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no \"" + text + "\" in the sender's log within " + PATIENCE + "; it grew by:\n"
                + senderLog.since(logMark), e);
        }
        return Duration.between(sent, Instant.now());
    }

    /**
     * The sender's log records since the mark, without the test's own WebAdmin reads and without
     * leak reports, which James writes whenever the collector has run, about copies of any earlier
     * mail (its own WebAdmin reads leave some): they are no measure of this attempt.
     */
    private List<String> deliveryRecordsSinceMark() {
        return senderLog.recordsSince(logMark).stream()
            .filter(record -> !WEBADMIN_READ.matcher(record).find() && !LEAK.matcher(record).find())
            .collect(Collectors.toList());
    }

    /** A full collection in James, asked of its JVM with {@code jcmd}, as an operator would. */
    private static void collectGarbage(JamesServerExtension james) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(james.server().pid().orElseThrow()), "GC.run").redirectErrorStream(true).start();
        assertThat(jcmd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jcmd.exitValue()).as(new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
            .isZero();
    }
}
