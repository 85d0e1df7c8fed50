/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.Directories;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Paying in hashcash at a real James: stamps minted by Debian's {@code hashcash}
 * 1.22 in {@code X-Hashcash} headers, one per recipient, sent by commons-net and by
 * swaks over implicit TLS, and the spent-stamp store refusing a stamp twice, across
 * a restart of James too.
 */
class XpowHashcashIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("XpowHashcashIT");
    private static final String ONION = IDENTITY.onion().asString();
    private static final String ALICE = "alice@" + ONION;
    private static final String CAROL = "carol@" + ONION;
    private static final Duration RESTART = Duration.ofSeconds(120);
    // Outside James's working directory, which every start lays out afresh.
    private static final Path SPENT_STAMPS = spentStamps();

    @RegisterExtension
    static JamesServerExtension james = XpowListener.james(IDENTITY, SPENT_STAMPS.toString());

    private final List<SMTPSClient> clients = new ArrayList<>();

    @AfterEach
    void disconnect() throws IOException {
        for (SMTPSClient client : clients) {
            SmtpClients.close(client);
        }
    }

    private static Path spentStamps() {
        Path directory = IntegrationEnvironment.workDir().resolve("XpowHashcashIT-spent");
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return directory.resolve("hashcash-spent").toAbsolutePath();
    }

    private static String stamp(String resource) throws Exception {
        return HashcashTool.mint(XpowListener.HASHCASH_BITS, resource);
    }

    private static String uniqueSubject() {
        return "hashcash-" + UUID.randomUUID();
    }

    /** Sends one message without XPOW; the reply to its end of data. */
    private String send(String subject, List<String> recipients, String... stamps) throws IOException {
        SMTPSClient smtp = SmtpClients.implicitTls(james.port(XpowListener.IMPLICIT_TLS));
        clients.add(smtp);
        assertThat(XpowListener.offer(smtp).difficulties()).containsEntry("hashcash", XpowListener.HASHCASH_BITS);
        assertThat(smtp.setSender("bob@example.com")).as(smtp.getReplyString()).isTrue();
        for (String recipient : recipients) {
            assertThat(smtp.addRecipient(recipient)).as(smtp.getReplyString()).isTrue();
        }
        List<String> headers = new ArrayList<>();
        for (String stamp : stamps) {
            headers.add("X-Hashcash: " + stamp);
        }
        smtp.sendShortMessageData(XpowListener.message(subject, headers.toArray(new String[0])));
        return smtp.getReplyString().trim();
    }

    @Test
    void stampsOfTheHashcashToolShouldPayForEachRecipient() throws Exception {
        String subject = uniqueSubject();
        String alices = stamp(ALICE);

        assertThat(send(subject, List.of(ALICE, CAROL), alices, stamp(CAROL))).startsWith("250 ");

        assertThat(XpowListener.received(james).awaitMail(subject))
            .contains("\"smtorp.pow\":\"hashcash:8\"").contains(alices);
    }

    @Test
    void aStampSpentOnceShouldBeRefusedTheNextTime() throws Exception {
        String stamp = stamp(ALICE);
        assertThat(send(uniqueSubject(), List.of(ALICE), stamp)).startsWith("250 ");
        String subject = uniqueSubject();

        assertThat(send(subject, List.of(ALICE), stamp))
            .isEqualTo("530 5.7.0 X-Hashcash stamp for " + ALICE + " refused: stamp was already spent");
        assertThat(XpowListener.received(james).all(subject)).isEmpty();
    }

    @Test
    void aStampForAnotherRecipientShouldBeRefused() throws Exception {
        assertThat(send(uniqueSubject(), List.of(ALICE), stamp(CAROL)))
            .isEqualTo("530 5.7.0 no X-Hashcash stamp for " + ALICE + " (1 X-Hashcash header, none for it)");
    }

    @Test
    void aRecipientWithoutAStampShouldBeNamed() throws Exception {
        assertThat(send(uniqueSubject(), List.of(ALICE, CAROL), stamp(ALICE)))
            .isEqualTo("530 5.7.0 no X-Hashcash stamp for " + CAROL + " (1 X-Hashcash header, none for it)");
    }

    @Test
    void anExpiredStampShouldBeRefused() throws Exception {
        assertThat(send(uniqueSubject(), List.of(ALICE), HashcashTool.mint(XpowListener.HASHCASH_BITS, ALICE,
            "-t", "-60d")))
            .startsWith("530 5.7.0 X-Hashcash stamp for " + ALICE + " refused: stamp dated ")
            .contains(" expired at ");
    }

    @Test
    void aFutureDatedStampShouldBeRefused() throws Exception {
        assertThat(send(uniqueSubject(), List.of(ALICE), HashcashTool.mint(XpowListener.HASHCASH_BITS, ALICE,
            "-t", "+5d")))
            .contains("in the future");
    }

    @Test
    void aStampClaimingTooFewBitsShouldBeRefused() throws Exception {
        assertThat(send(uniqueSubject(), List.of(ALICE), HashcashTool.mint(4, ALICE)))
            .isEqualTo("530 5.7.0 X-Hashcash stamp for " + ALICE + " refused: stamp claims 4 bits, 8 are required");
    }

    @Test
    void swaksWithAStampInAHeaderShouldDeliver() throws Exception {
        String subject = uniqueSubject();

        PeerRun swaks = PeerRun.of("swaks", "--server", "127.0.0.1", "--port",
            String.valueOf(james.port(XpowListener.IMPLICIT_TLS)), "--tls-on-connect", "--ehlo", "client.test",
            "--from", "bob@example.com", "--to", ALICE, "--header", "Subject: " + subject,
            "--add-header", "X-Hashcash: " + stamp(ALICE), "--body", "Paid in hashcash.");

        assertThat(swaks.exitCode()).as(swaks.toString()).isZero();
        assertThat(swaks.output()).contains("250-XPOW ");
        assertThat(XpowListener.received(james).awaitMail(subject)).contains("\"smtorp.pow\":\"hashcash:8\"");
    }

    @Test
    void spentStampsShouldStaySpentAcrossARestart() throws Exception {
        String stamp = stamp(ALICE);
        assertThat(send(uniqueSubject(), List.of(ALICE), stamp)).startsWith("250 ");

        james.server().close();
        james.server().start(RESTART);

        assertThat(send(uniqueSubject(), List.of(ALICE), stamp)).endsWith("refused: stamp was already spent");
    }
}
