/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.XpowOffer;

/**
 * The onion listener exactly as {@code conf/smtpserver-onion.xml} ships it, against the client
 * the whole Tor network may be: floods of bad proofs, recipients without payment, unpaid
 * megabytes, endless lines, bytes no command has, commands it does not know. Each ends with the
 * reply SPEC section 2 names and a closed or sane session, and a well-behaved client that pays
 * with an argon2id proof is served meanwhile. The server's CPU time per bad attempt is printed
 * for the notes.
 */
class HostileClientBatteryIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("HostileClientBatteryIT");
    private static final String ALICE = "alice@" + IDENTITY.onion().asString();
    private static final String PASSWORD = "correct-horse-battery";
    private static final Duration CLOSE = Duration.ofSeconds(30);
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    /** The shipped limit on failed proofs, XPOW and XONION together. */
    private static final int MAX_FAILED_PROOFS = 3;
    /** SPEC 2: at most 20 refused commands of any kind, then 421. */
    private static final int MAX_ERRORS = 20;
    private static final int MEASURED_SESSIONS = 20;

    @RegisterExtension
    static JamesServerExtension james = OnionListener.james(IDENTITY);

    private static ImapMailbox inbox;
    private static ExecutorService goodClient;

    @BeforeAll
    static void createAlice() throws Exception {
        new WebAdmin(james.port(OnionListener.WEBADMIN)).createUser(ALICE, PASSWORD);
        inbox = new ImapMailbox(james.port(OnionListener.IMAP), ALICE, PASSWORD);
        goodClient = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stopGoodClient() throws InterruptedException {
        goodClient.shutdownNow();
        goodClient.awaitTermination(30, TimeUnit.SECONDS);
    }

    private CompletableFuture<String> wellBehaved;

    @AfterEach
    void wellBehavedClientShouldHaveBeenServedMeanwhile() throws Exception {
        if (wellBehaved != null) {
            String subject = wellBehaved.get(2, TimeUnit.MINUTES);
            org.awaitility.Awaitility.await().atMost(DELIVERY)
                .untilAsserted(() -> assertThat(inbox.hasSubject(subject)).isTrue());
        }
    }

    @Test
    void pipelinedBadXonionLinesShouldEndIn421AfterTheFailedProofLimit() throws Exception {
        startWellBehavedClient();
        try (RawSmtpSession session = RawSmtpSession.connect(port())) {
            session.ehlo();
            session.send(repeat("XONION " + IDENTITY.onion().asString() + " AAAA AAAA\r\n", 200));

            List<String> replies = session.repliesUntilClosed(CLOSE);

            assertThat(replies).hasSizeLessThanOrEqualTo(MAX_FAILED_PROOFS);
            assertEndedIn421(session, replies);
        }
    }

    @Test
    void aThousandRecipientsWithoutProofShouldEndIn421() throws Exception {
        startWellBehavedClient();
        try (RawSmtpSession session = RawSmtpSession.connect(port())) {
            session.ehlo();
            assertThat(session.command("MAIL FROM:<enumerator@example.com>").get(0)).startsWith("250");
            StringBuilder recipients = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                recipients.append("RCPT TO:<user").append(i).append('@').append(IDENTITY.onion().asString()).append(">\r\n");
            }
            session.send(recipients.toString());

            List<String> replies = session.repliesUntilClosed(CLOSE);

            assertThat(replies).hasSizeLessThanOrEqualTo(MAX_ERRORS);
            assertEndedIn421(session, replies);
        }
    }

    @Test
    void duplicateRecipientsShouldBeRefused() throws Exception {
        try (RawSmtpSession session = RawSmtpSession.connect(port())) {
            session.ehlo();
            session.command("MAIL FROM:<dup@example.com>");
            assertThat(session.command("RCPT TO:<" + ALICE + ">").get(0)).startsWith("250");

            String duplicate = session.command("RCPT TO:<" + ALICE + ">").get(0);

            assertThat(duplicate).matches("[45]\\d\\d [45]\\.\\d\\.\\d+ .*");
            assertThat(session.command("NOOP").get(0)).startsWith("250");
        }
    }

    @Test
    void tenMebibytesOfUnpaidDataShouldBeRefusedAndDeliverNothing() throws Exception {
        startWellBehavedClient();
        String subject = "unpaid-" + UUID.randomUUID();
        try (RawSmtpSession session = RawSmtpSession.connect(port())) {
            session.ehlo();
            session.command("MAIL FROM:<bulk@example.com>");
            session.command("RCPT TO:<" + ALICE + ">");
            List<String> data = session.command("DATA");
            if (data.get(0).startsWith("354")) {
                session.send("Subject: " + subject + "\r\n\r\n");
                byte[] line = (repeat("x", 998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 10 * 1024 * 1024 / line.length; i++) {
                        session.send(line);
                    }
                    session.send(".\r\n");
                } catch (IOException e) {
                    // The listener may stop reading an unpaid mail and close: that is a refusal too.
                }
                String verdict = session.reply(CLOSE).map(r -> r.get(0)).orElse("closed");
                assertThat(verdict).matches("(5\\d\\d 5\\.\\d\\.\\d+ .*)|closed");
            } else {
                assertThat(data.get(0)).startsWith("5");
            }
        }
        Thread.sleep(2_000);
        assertThat(inbox.hasSubject(subject)).isFalse();
    }

    @Test
    void aHundredKilobyteLineShouldGet500AndLeaveTheSessionSane() throws Exception {
        startWellBehavedClient();
        try (RawSmtpSession session = RawSmtpSession.connect(port())) {
            session.ehlo();

            List<String> reply = session.command("NOOP " + repeat("a", 100 * 1024));

            // Lines up to 8192 octets get LineLengthHandler's 500 5.5.2 (OnionListenerLimitsIT); James
            // 3.8.1's frame decoder discards a longer one while reading and answers it itself, with
            // 500 and no enhanced code (SMTPSessionImpl's fixed reply, not reachable from a handler).
            assertThat(reply.get(0)).startsWith("500 ");
            assertThat(session.command("NOOP").get(0)).startsWith("250");
        }
    }

    @Test
    void nulAndNonAsciiBytesInCommandsShouldBeRefusedAndLeaveTheSessionSane() throws Exception {
        try (RawSmtpSession session = RawSmtpSession.connect(port())) {
            session.ehlo();

            assertThat(session.command("NOOP\0injected").get(0)).matches("5\\d\\d 5\\.5\\.\\d .*");
            assertThat(session.command("MAIL FROM:<\u00e9v\u00e9@example.com>").get(0)).matches("5\\d\\d 5\\.\\d\\.\\d .*");
            assertThat(session.command("NOOP").get(0)).startsWith("250");
        }
    }

    @Test
    void bdatShouldBeRefusedAsUnknown() throws Exception {
        try (RawSmtpSession session = RawSmtpSession.connect(port())) {
            session.ehlo();
            session.command("MAIL FROM:<chunks@example.com>");

            assertThat(session.command("BDAT 10 LAST").get(0)).matches("5\\d\\d 5\\.5\\.\\d .*");
            assertThat(session.command("NOOP").get(0)).startsWith("250");
        }
    }

    @Test
    void commandsAfter421ShouldFindTheConnectionClosed() throws Exception {
        try (RawSmtpSession session = RawSmtpSession.connect(port())) {
            session.ehlo();
            session.send(repeat("XPOW argon2id 1 AAAAAAAAAAAAAAAAAAAAAA\r\n", MAX_FAILED_PROOFS));
            List<String> replies = session.repliesUntilClosed(CLOSE);
            assertThat(replies.get(replies.size() - 1)).startsWith("421 4.7.0");

            try {
                session.send("NOOP\r\n");
                assertThat(session.reply(Duration.ofSeconds(5))).isEmpty();
            } catch (IOException e) {
                // Writing to a closed connection fails: the connection is closed, as it should be.
            }
        }
    }

    @Test
    void serverCpuPerBadAttemptShouldBeReported() throws Exception {
        Duration xonion = cpuOf(() -> {
            try (RawSmtpSession session = RawSmtpSession.connect(port())) {
                session.ehlo();
                session.send(repeat("XONION " + IDENTITY.onion().asString() + " AAAA AAAA\r\n", 200));
                session.repliesUntilClosed(CLOSE);
            }
        });
        Duration rcpt = cpuOf(() -> {
            try (RawSmtpSession session = RawSmtpSession.connect(port())) {
                session.ehlo();
                session.command("MAIL FROM:<enumerator@example.com>");
                session.send(repeat("RCPT TO:<nobody@" + IDENTITY.onion().asString() + ">\r\n", 1000));
                session.repliesUntilClosed(CLOSE);
            }
        });
        Duration longLine = cpuOf(() -> {
            try (RawSmtpSession session = RawSmtpSession.connect(port())) {
                session.ehlo();
                session.command("NOOP " + repeat("a", 100 * 1024));
            }
        });
        Duration idle = cpuOf(() -> {
            try (RawSmtpSession session = RawSmtpSession.connect(port())) {
                session.ehlo();
            }
        });
        System.out.printf("battery: server CPU per session (TLS handshake included), %d sessions each:"
                + " XONION flood %.1f ms (%.2f ms per failed proof), RCPT run %.1f ms (%.2f ms per refused RCPT),"
                + " 100 KB line %.1f ms, TLS and EHLO alone %.1f ms%n", MEASURED_SESSIONS,
            millis(xonion), millis(xonion) / MAX_FAILED_PROOFS, millis(rcpt), millis(rcpt) / MAX_ERRORS,
            millis(longLine), millis(idle));
        // A bad attempt must cost the server far less than the proof it stands in for (argon2id=7:
        // seconds of the sender's CPU).
        assertThat(xonion).isLessThan(Duration.ofMillis(500));
        assertThat(rcpt).isLessThan(Duration.ofMillis(500));
        assertThat(longLine).isLessThan(Duration.ofMillis(500));
    }

    // The last reply is the 421, unless the close met pipelined lines still arriving: then the
    // kernel resets the connection and may drop the replies not yet read, the 421 among them
    // (OnionListenerLimitsIT sees that 421 without pipelining).
    private static void assertEndedIn421(RawSmtpSession session, List<String> replies) {
        if (!session.wasReset()) {
            assertThat(replies).isNotEmpty();
            assertThat(replies.get(replies.size() - 1)).startsWith("421 4.7.0");
        } else if (!replies.isEmpty()) {
            assertThat(replies.get(replies.size() - 1)).matches("[45]\\d\\d [45]\\.\\d\\.\\d+ .*");
        }
    }

    private interface Session {
        void run() throws Exception;
    }

    // The James process's CPU time per session, as the mean over MEASURED_SESSIONS sessions.
    private Duration cpuOf(Session session) throws Exception {
        ProcessHandle jamesProcess = ProcessHandle.of(james.server().pid().orElseThrow()).orElseThrow();
        Duration before = jamesProcess.info().totalCpuDuration().orElseThrow();
        for (int i = 0; i < MEASURED_SESSIONS; i++) {
            session.run();
        }
        Thread.sleep(200);
        Duration after = jamesProcess.info().totalCpuDuration().orElseThrow();
        return after.minus(before).dividedBy(MEASURED_SESSIONS);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    // A client that pays with an argon2id proof at the shipped difficulty, while the hostile one runs.
    private void startWellBehavedClient() {
        String subject = "well-behaved-" + UUID.randomUUID();
        wellBehaved = CompletableFuture.supplyAsync(() -> {
            SMTPSClient smtp = null;
            try {
                smtp = SmtpClients.implicitTls(port());
                XpowOffer offer = XpowListener.offer(smtp);
                smtp.sendCommand("XPOW", XpowListener.prove(offer, "argon2id", 1, 1));
                assertThat(smtp.getReplyString()).startsWith("250 2.7.0");
                assertThat(smtp.setSender("good@example.com")).as(smtp.getReplyString()).isTrue();
                assertThat(smtp.addRecipient(ALICE)).as(smtp.getReplyString()).isTrue();
                assertThat(smtp.sendShortMessageData(XpowListener.message(subject))).as(smtp.getReplyString()).isTrue();
                return subject;
            } catch (IOException e) {
                throw new IllegalStateException("the well-behaved client was not served", e);
            } finally {
                if (smtp != null) {
                    try {
                        SmtpClients.close(smtp);
                    } catch (IOException e) {
                        // Its mail is in; a failed QUIT changes nothing.
                    }
                }
            }
        }, goodClient);
    }

    private static int port() {
        return james.port(OnionListener.IMPLICIT_TLS);
    }

    private static String repeat(String text, int times) {
        return text.repeat(times);
    }
}
