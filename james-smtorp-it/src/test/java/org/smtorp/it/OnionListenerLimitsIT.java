/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import org.apache.commons.net.smtp.SMTPConnectionClosedException;
import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * What a stranger gets before paying, on the onion listener as {@code conf/smtpserver-onion.xml}
 * ships it (implicit TLS) with hashcash turned on for legacy senders, as its comment tells
 * operators ({@code <algorithm>hashcash=24</algorithm>}): the error limit (maxErrors 20),
 * duplicate and unpaid RCPTs (maxUnpaidRecipients 5), unpaid DATA past maxUnpaidMessageSize
 * (1024 KB, a limit only where stamps can still pay: as shipped, DATA without a proof gets 530
 * at once, see XpowOnionListenerIT), and long command lines; each ends in the reply
 * docs/xpow.md and docs/onion-listener.md name, with the session closed or still sane.
 */
class OnionListenerLimitsIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("OnionListenerLimitsIT");
    private static final String DOMAIN = IDENTITY.onion().asString();
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String PASSWORD = "correct-horse-battery";
    private static final int SHIPPED_MAX_ERRORS = 20;
    private static final int SHIPPED_MAX_UNPAID_RECIPIENTS = 5;
    private static final int SHIPPED_MAX_UNPAID_KB = 1024;

    @RegisterExtension
    static JamesServerExtension james = OnionListener.jamesOffering(IDENTITY, "hashcash=24");

    private SMTPSClient smtp;

    @BeforeAll
    static void createUsers() throws Exception {
        WebAdmin webAdmin = new WebAdmin(james.port(OnionListener.WEBADMIN));
        webAdmin.createUser(ALICE, PASSWORD);
        for (int i = 0; i < SHIPPED_MAX_UNPAID_RECIPIENTS; i++) {
            webAdmin.createUser(user(i), PASSWORD);
        }
    }

    private static String user(int i) {
        return "user" + i + "@" + DOMAIN;
    }

    @AfterEach
    void disconnect() throws IOException {
        if (smtp != null) {
            SmtpClients.close(smtp);
        }
    }

    private void connect() throws IOException {
        smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        XpowListener.ehlo(smtp);
    }

    private void assertSane() throws IOException {
        assertThat(smtp.sendCommand("NOOP")).as(smtp.getReplyString()).isEqualTo(250);
    }

    private void assertClosed() {
        assertThatThrownBy(() -> smtp.sendCommand("NOOP")).isInstanceOf(IOException.class);
    }

    @Test
    void theTwentiethRefusedCommandShouldGet421AndClose() throws IOException {
        connect();
        for (int i = 1; i < SHIPPED_MAX_ERRORS; i++) {
            assertThat(smtp.sendCommand("BOGUS" + i)).as(smtp.getReplyString()).isEqualTo(500);
        }

        assertThatThrownBy(() -> smtp.sendCommand("BOGUS")).isInstanceOf(SMTPConnectionClosedException.class);
        assertThat(smtp.getReplyString()).startsWith("421 4.7.0 Too many errors (20), closing connection");
        assertClosed();
    }

    @Test
    void userEnumerationShouldEndAtTheErrorLimit() throws IOException {
        connect();
        assertThat(smtp.setSender("bob@example.com")).as(smtp.getReplyString()).isTrue();
        for (int i = 1; i < SHIPPED_MAX_ERRORS; i++) {
            assertThat(smtp.addRecipient("guess" + i + "@" + DOMAIN)).isFalse();
            assertThat(smtp.getReplyString()).startsWith("550 5.1.1");
        }

        assertThatThrownBy(() -> smtp.addRecipient("guess@" + DOMAIN))
            .isInstanceOf(SMTPConnectionClosedException.class);
        assertThat(smtp.getReplyString()).startsWith("421 4.7.0 Too many errors (20)");
    }

    @Test
    void aDuplicateRecipientShouldBeRefused() throws IOException {
        connect();
        assertThat(smtp.setSender("bob@example.com")).as(smtp.getReplyString()).isTrue();
        assertThat(smtp.addRecipient(ALICE)).as(smtp.getReplyString()).isTrue();

        assertThat(smtp.addRecipient(ALICE.toUpperCase())).isFalse();

        assertThat(smtp.getReplyString()).startsWith("550 5.1.0 Duplicate recipient");
        assertSane();
    }

    @Test
    void recipientsBeyondTheUnpaidLimitShouldGet452() throws IOException {
        connect();
        assertThat(smtp.setSender("bob@example.com")).as(smtp.getReplyString()).isTrue();
        for (int i = 0; i < SHIPPED_MAX_UNPAID_RECIPIENTS; i++) {
            assertThat(smtp.addRecipient(user(i))).as(smtp.getReplyString()).isTrue();
        }

        assertThat(smtp.addRecipient(ALICE)).isFalse();

        assertThat(smtp.getReplyString()).startsWith("452 4.5.3 Too many recipients: at most 5 without a proof");
        assertSane();
    }

    @Test
    void unpaidDataPastTheLimitShouldBeDiscardedAndRefusedWith552() throws IOException {
        connect();
        assertThat(smtp.setSender("bob@example.com")).as(smtp.getReplyString()).isTrue();
        assertThat(smtp.addRecipient(ALICE)).as(smtp.getReplyString()).isTrue();
        StringBuilder message = new StringBuilder("Subject: big\r\n\r\n");
        String line = "x".repeat(98) + "\r\n";
        while (message.length() < (SHIPPED_MAX_UNPAID_KB + 100) * 1024) {
            message.append(line);
        }

        assertThat(smtp.sendShortMessageData(message.toString())).isFalse();

        assertThat(smtp.getReplyString()).startsWith("552 5.3.4 Message too big to accept unpaid: at most "
            + SHIPPED_MAX_UNPAID_KB * 1024 + " bytes without a proof of work");
        assertSane();
    }

    @Test
    void aCommandLineOver512OctetsShouldGet500Dot5Dot5Dot2AndTheSessionGoOn() throws IOException {
        connect();

        assertThat(smtp.sendCommand("NOOP", "x".repeat(600))).isEqualTo(500);

        assertThat(smtp.getReplyString()).startsWith("500 5.5.2 Line too long");
        assertSane();
    }

    @Test
    void aLineOf100KilobytesShouldBeRefusedAndTheSessionGoOn() throws IOException {
        connect();
        long start = System.nanoTime();

        smtp.sendCommand("NOOP", "x".repeat(100 * 1024));

        // James's frame decoder discards a line past 8192 octets, reading only, and answers itself.
        assertThat(smtp.getReplyString()).startsWith("500 Line length exceeded");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertSane();
    }
}
