/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.mailet.DsnParameters;
import org.junit.jupiter.api.Test;
import org.smtorp.mailets.connection.DeliveryFailure;
import org.smtorp.mailets.connection.ScriptedSmtpServer;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.XpowClient;

import com.google.common.collect.ImmutableMap;

class SmtpExchangeTest {
    private static final String SERVER = ScriptedSmtpServer.ONION.asString();
    private static final String HELO = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    private static final MaybeSender FROM = MaybeSender.getMailSender("alice@" + HELO);
    private static final MailAddress BOB = address("bob@" + SERVER);
    private static final MailAddress CAROL = address("carol@" + SERVER);
    private static final String MAIL = "MAIL FROM:<" + FROM.asString() + ">";
    private static final String RCPT_BOB = "RCPT TO:<" + BOB.asString() + ">";
    private static final String RCPT_CAROL = "RCPT TO:<" + CAROL.asString() + ">";
    private static final String BODY = "Hello over Tor.";
    private static final XpowClient XPOW = XpowClient.of(AlgorithmRegistry.all(Clock.systemUTC()),
        Solver.withThreads(1));

    @Test
    void withPipeliningTheEnvelopeShouldGoInOneGroupAndTheMessageAfter354() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING");
             SmtpExchange exchange = start(server)) {
            TransactionResult result = exchange.send(FROM, List.of(BOB, CAROL), message());

            assertThat(result.refused()).isEmpty();
            assertThat(server.groups()).containsExactly(List.of("EHLO " + HELO),
                List.of(MAIL, RCPT_BOB, RCPT_CAROL, "DATA"));
            assertThat(server.messages()).singleElement().asString().contains(BODY);
        }
    }

    @Test
    void withoutPipeliningEachCommandShouldWaitForTheReplyBefore() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("8BITMIME");
             SmtpExchange exchange = start(server)) {
            exchange.send(FROM, List.of(BOB, CAROL), message());

            assertThat(server.groups()).containsExactly(List.of("EHLO " + HELO), List.of(MAIL), List.of(RCPT_BOB),
                List.of(RCPT_CAROL), List.of("DATA"));
            assertThat(server.messages()).singleElement().asString().contains(BODY);
        }
    }

    @Test
    void pipelinedRecipientsTheServerRefusesShouldBeInTheResultWithTheirReply() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .replying(RCPT_CAROL, "550 5.1.1 no mailbox for carol");
             SmtpExchange exchange = start(server)) {
            TransactionResult result = exchange.send(FROM, List.of(BOB, CAROL), message());

            assertThat(result.refused()).containsOnlyKeys(CAROL);
            assertThat(result.refused().get(CAROL).asString()).isEqualTo("550 5.1.1 no mailbox for carol");
            assertThat(server.messages()).singleElement().asString().contains(BODY);
        }
    }

    @Test
    void allPipelinedRecipientsRefusedShouldSendNoMessageAndResetNamingTheReply() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .replying("RCPT", "550 5.1.1 no such mailbox")
                 .replying("DATA", "503 5.5.1 No recipients specified");
             SmtpExchange exchange = start(server)) {
            TransactionResult result = exchange.send(FROM, List.of(BOB, CAROL), message());

            assertThat(result.isSent()).isFalse();
            assertThat(result.refused()).containsOnlyKeys(BOB, CAROL);
            assertThat(result.refused().get(BOB).asString()).isEqualTo("550 5.1.1 no such mailbox");
            assertThat(server.messages()).isEmpty();
            assertThat(server.commands()).endsWith("DATA", "RSET");
        }
    }

    @Test
    void aServerThatAcceptsDataWithoutRecipientsShouldGetALoneDotNotTheMessage() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .replying("RCPT", "450 4.2.0 mailbox busy")
                 .replying(".", "554 5.5.1 no valid recipients");
             SmtpExchange exchange = start(server)) {
            TransactionResult result = exchange.send(FROM, List.of(BOB), message());

            assertThat(result.isSent()).isFalse();
            assertThat(result.refused().get(BOB).asString()).isEqualTo("450 4.2.0 mailbox busy");
            assertThat(server.messages()).containsExactly("");
            assertThat(server.commands()).endsWith("DATA", "RSET");
        }
    }

    @Test
    void aRefusedPipelinedMailFromShouldFailTheTransactionAndSendNoMessage() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .replying("MAIL", "451 4.3.0 try again later")
                 .replying("RCPT", "503 5.5.1 need MAIL first")
                 .replying("DATA", "503 5.5.1 need MAIL first");
             SmtpExchange exchange = start(server)) {
            assertThatThrownBy(() -> exchange.send(FROM, List.of(BOB), message()))
                .isInstanceOfSatisfying(DeliveryFailure.class, e -> assertThat(e.isPermanent()).isFalse())
                .hasMessage(SERVER + " answered MAIL FROM with 451 4.3.0 try again later");

            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void withoutPipeliningARefusedMailFromShouldSendNoRecipient() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering()
                 .replying("MAIL", "550 5.7.1 sender refused");
             SmtpExchange exchange = start(server)) {
            assertThatThrownBy(() -> exchange.send(FROM, List.of(BOB), message()))
                .hasMessage(SERVER + " answered MAIL FROM with 550 5.7.1 sender refused");

            assertThat(server.commands()).containsExactly("EHLO " + HELO, MAIL, "RSET");
        }
    }

    @Test
    void aRefusedDataShouldFailTheTransactionNamingTheReply() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .replying("DATA", "554 5.7.0 transaction failed");
             SmtpExchange exchange = start(server)) {
            assertThatThrownBy(() -> exchange.send(FROM, List.of(BOB), message()))
                .isInstanceOfSatisfying(DeliveryFailure.class, e -> assertThat(e.isPermanent()).isTrue())
                .hasMessage(SERVER + " answered DATA with 554 5.7.0 transaction failed");

            assertThat(server.messages()).isEmpty();
            assertThat(server.commands()).endsWith("DATA", "RSET");
        }
    }

    @Test
    void aSessionShouldCarryTheNextTransactionAfterARefusedOne() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .replying(RCPT_CAROL, "550 5.1.1 no mailbox for carol");
             SmtpExchange exchange = start(server)) {
            assertThat(exchange.send(FROM, List.of(CAROL), message()).isSent()).isFalse();

            assertThat(exchange.send(FROM, List.of(BOB), message()).refused()).isEmpty();
            // The first, a lone dot: this server answers DATA with 354 even without a recipient.
            assertThat(server.messages()).hasSize(2).first().isEqualTo("");
            assertThat(server.messages()).last().asString().contains(BODY);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void a421ShouldFailTheTransactionTemporarilyAndCloseTheSession() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .replying(RCPT_BOB, "421 4.3.2 shutting down");
             SmtpExchange exchange = start(server)) {
            assertThatThrownBy(() -> exchange.send(FROM, List.of(BOB, CAROL), message()))
                .isInstanceOfSatisfying(DeliveryFailure.class, e -> assertThat(e.isPermanent()).isFalse())
                .hasMessage(SERVER + " answered RCPT TO with 421 4.3.2 shutting down");

            assertThat(exchange.isOpen()).isFalse();
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void xpowShouldBeProvedAndAnsweredBeforeThePipelinedGroup() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING",
                 "XPOW AAECAwQFBgcICQoLDA0ODw sha256=1");
             SmtpExchange exchange = start(server)) {
            exchange.send(FROM, List.of(BOB), message());

            assertThat(server.groups()).hasSize(3);
            assertThat(server.groups().get(1)).singleElement().asString().startsWith("XPOW sha256 1 ");
            assertThat(server.groups().get(2)).containsExactly(MAIL, RCPT_BOB, "DATA");
        }
    }

    @Test
    void aRefusedProofShouldSendNoEnvelope() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING",
                 "XPOW AAECAwQFBgcICQoLDA0ODw sha256=1")
                 .replying("XPOW", "550 5.7.1 not enough work");
             SmtpExchange exchange = start(server)) {
            assertThatThrownBy(() -> exchange.send(FROM, List.of(BOB), message()))
                .hasMessage(SERVER + " answered XPOW sha256 with 550 5.7.1 not enough work");

            assertThat(server.commands()).noneMatch(command -> command.startsWith("MAIL"));
        }
    }

    @Test
    void manyRecipientsShouldGoInSeveralGroupsEachWithinTheSmallestWindow() throws Exception {
        List<MailAddress> recipients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            recipients.add(address("recipient-" + i + "@" + SERVER));
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING");
             SmtpExchange exchange = start(server)) {
            exchange.send(FROM, recipients, message());

            // About 9 KB of commands: three groups, not one, not one per command.
            List<List<String>> envelope = server.groups().subList(1, server.groups().size());
            assertThat(envelope).hasSizeBetween(2, 4)
                .allSatisfy(group -> assertThat(group.stream().mapToInt(command -> command.length() + 2).sum())
                    .isLessThanOrEqualTo(4096));
            assertThat(server.commands()).hasSize(1 + 1 + recipients.size() + 1).endsWith("DATA");
            assertThat(server.messages()).hasSize(1);
        }
    }

    @Test
    void aServerAnnouncingDsnShouldGetTheMailsDsnParametersOnMailAndRcpt() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING", "DSN");
             SmtpExchange exchange = start(server)) {
            exchange.send(FROM, List.of(BOB, CAROL), message(), dsn());

            assertThat(server.groups()).containsExactly(List.of("EHLO " + HELO),
                List.of(MAIL + " RET=HDRS ENVID=QQ314159", RCPT_BOB + " NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob+2Btag@"
                    + SERVER, RCPT_CAROL + " NOTIFY=NEVER", "DATA"));
        }
    }

    @Test
    void aServerNotAnnouncingDsnShouldGetNoDsnParameter() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING");
             SmtpExchange exchange = start(server)) {
            exchange.send(FROM, List.of(BOB, CAROL), message(), dsn());

            assertThat(server.groups()).containsExactly(List.of("EHLO " + HELO),
                List.of(MAIL, RCPT_BOB, RCPT_CAROL, "DATA"));
        }
    }

    @Test
    void theNextTransactionShouldBeWrittenBehindTheDotBeforeItsReplyAndEachShouldGetItsOwnReplies() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .replying(RCPT_CAROL, "550 5.1.1 no mailbox for carol")
                 .delayingEndOfData(Duration.ofMillis(300));
             SmtpExchange exchange = start(server)) {
            MessageInFlight first = exchange.begin(FROM, List.of(BOB), message(), DsnArguments.NONE);
            CompletableFuture<TransactionResult> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return exchange.send(FROM, List.of(BOB, CAROL), message(), DsnArguments.NONE);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            // The second envelope reaches the server while the first message's reply is still owed.
            awaitCommands(server, 2, MAIL);

            TransactionResult firstResult = first.result();
            TransactionResult secondResult = second.get(10, TimeUnit.SECONDS);

            assertThat(firstResult.isSent()).isTrue();
            assertThat(firstResult.refused()).isEmpty();
            assertThat(secondResult.isSent()).isTrue();
            assertThat(secondResult.refused()).containsOnlyKeys(CAROL);
            assertThat(server.messages()).hasSize(2);
        }
    }

    @Test
    void aServerThatClosesInsteadOfAnsweringTheDotShouldFailBothTransactionsAsBrokenNotAsAnswered() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .hostile(".", ScriptedSmtpServer.Hostility.CLOSE_WITHOUT_REPLY)
                 .delayingEndOfData(Duration.ofMillis(300));
             SmtpExchange exchange = start(server)) {
            MessageInFlight first = exchange.begin(FROM, List.of(BOB), message(), DsnArguments.NONE);
            CompletableFuture<TransactionResult> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return exchange.send(FROM, List.of(BOB), message(), DsnArguments.NONE);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });

            assertThatThrownBy(first::result).isInstanceOfSatisfying(DeliveryFailure.class,
                failure -> assertThat(failure.reason()).isEqualTo(DeliveryFailure.Reason.CONNECTION));
            assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DeliveryFailure.class);
            // Nothing of the second transaction was answered: it may go again over a new session.
            assertThat(exchange.hasReplied()).isFalse();
            // The first message's fate is unknown (retried, RFC 5321 6.1); the second never went out.
            assertThat(server.messages()).hasSize(1);
        }
    }

    @Test
    void closingWhileAnotherThreadAwaitsTheDotsReplyShouldLetThatReplyThrough() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.offering("PIPELINING")
                 .delayingEndOfData(Duration.ofMillis(500));
             SmtpExchange exchange = start(server)) {
            MessageInFlight first = exchange.begin(FROM, List.of(BOB), message(), DsnArguments.NONE);

            // As a mail that took this session and failed before writing would: not reusable at once,
            // but the message before it keeps its answer (closing under it would send it twice).
            exchange.close();

            assertThat(exchange.isOpen()).isFalse();
            assertThat(first.result().isSent()).isTrue();
            assertThat(server.commands()).endsWith("DATA", "QUIT");
            assertThat(server.messages()).hasSize(1);
        }
    }

    private static void awaitCommands(ScriptedSmtpServer server, int count, String command) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.commands().stream().filter(command::equals).count() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the server saw " + server.commands() + ", not " + count + " x " + command);
            }
            Thread.sleep(10);
        }
    }

    private static DsnArguments dsn() {
        return DsnArguments.of(DsnParameters.of(Optional.of(DsnParameters.EnvId.of("QQ314159")),
                Optional.of(DsnParameters.Ret.HDRS), ImmutableMap.of()),
            Map.of(BOB, DsnParameters.RecipientDsnParameters.of(
                    EnumSet.of(DsnParameters.Notify.SUCCESS, DsnParameters.Notify.FAILURE), address("bob+tag@" + SERVER)),
                CAROL, DsnParameters.RecipientDsnParameters.of(EnumSet.of(DsnParameters.Notify.NEVER))));
    }

    private static SmtpExchange start(ScriptedSmtpServer server) throws Exception {
        return SmtpExchange.start(server.connect(), ScriptedSmtpServer.ONION, HELO, XPOW, Duration.ofSeconds(30));
    }

    private static MimeMessage message() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(FROM.asString());
        message.setRecipients(MimeMessage.RecipientType.TO, BOB.asString());
        message.setSubject("pipelined");
        message.setText(BODY);
        message.saveChanges();
        return message;
    }

    static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
