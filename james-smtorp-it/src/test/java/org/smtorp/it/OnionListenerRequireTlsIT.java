/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * The onion listener speaks only after TLS: in STARTTLS-required mode every command but
 * EHLO, HELO, STARTTLS, NOOP, RSET and QUIT gets 530 5.7.0 until STARTTLS succeeded, and
 * under implicit TLS the session starts encrypted.
 */
class OnionListenerRequireTlsIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("OnionListenerRequireTlsIT");
    private static final String ONION = IDENTITY.onion().asString();

    @RegisterExtension
    static JamesServerExtension james = OnionListener.james(IDENTITY);

    private SMTPSClient smtp;

    @AfterEach
    void disconnect() throws IOException {
        if (smtp != null) {
            SmtpClients.close(smtp);
        }
    }

    private SMTPSClient plainAfterEhlo() throws IOException {
        smtp = SmtpClients.plain(james.port(OnionListener.STARTTLS));
        assertThat(smtp.sendCommand("EHLO", "client.test")).isEqualTo(250);
        return smtp;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MAIL | FROM:<bob@example.com>",
        "RCPT | TO:<alice@example.onion>",
        "DATA | ''",
        "BDAT | 10 LAST",
        "VRFY | alice",
        "EXPN | staff",
        "AUTH | PLAIN AGFsaWNlAHNlY3JldA==",
        "HELP | ''",
        "ETRN | example.com",
        "XPOW | sha256 1 abcd",
        "XONION | x.onion AAAA AAAA",
        "XYZZY | ''"})
    void commandShouldBeRefusedBeforeStartTls(String verb, String argument) throws IOException {
        SMTPSClient client = plainAfterEhlo();

        int code = argument.isEmpty() ? client.sendCommand(verb) : client.sendCommand(verb, argument);

        assertThat(code).isEqualTo(530);
        assertThat(client.getReplyString()).startsWith("530 5.7.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"EHLO | client.test | 250", "HELO | client.test | 250",
        "NOOP | '' | 250", "RSET | '' | 250", "QUIT | '' | 221"})
    void commandShouldBeAnsweredBeforeStartTls(String verb, String argument, int expected) throws IOException {
        SMTPSClient client = plainAfterEhlo();

        int code = argument.isEmpty() ? client.sendCommand(verb) : client.sendCommand(verb, argument);

        assertThat(code).isEqualTo(expected);
    }

    @Test
    void ehloShouldOfferStartTlsBeforeTls() throws IOException {
        assertThat(plainAfterEhlo().getReplyString()).contains("STARTTLS");
    }

    @Test
    void mailShouldBeAcceptedAfterStartTls() throws IOException {
        SMTPSClient client = plainAfterEhlo();
        assertThat(client.execTLS()).isTrue();
        assertThat(client.sendCommand("EHLO", "client.test")).isEqualTo(250);

        assertThat(client.sendCommand("MAIL", "FROM:<bob@example.com>")).isEqualTo(250);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XYZZY", "BDAT"})
    void verbsNobodyImplementsShouldGetAnAnswerAfterStartTls(String verb) throws IOException {
        SMTPSClient client = plainAfterEhlo();
        assertThat(client.execTLS()).isTrue();
        assertThat(client.sendCommand("EHLO", "client.test")).isEqualTo(250);

        assertThat(client.sendCommand(verb)).isEqualTo(500);
    }

    @Test
    void mailShouldBeAcceptedAtOnceUnderImplicitTls() throws IOException {
        smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        assertThat(smtp.sendCommand("EHLO", "client.test")).isEqualTo(250);

        assertThat(smtp.sendCommand("MAIL", "FROM:<bob@example.com>")).isEqualTo(250);
    }

    @Test
    void swaksInPlainTextShouldBeRefusedAtMail() throws Exception {
        PeerRun swaks = PeerRun.of("swaks", "--server", "127.0.0.1", "--port",
            String.valueOf(james.port(OnionListener.STARTTLS)), "--ehlo", "client.test",
            "--from", "bob@example.com", "--to", "alice@" + ONION);

        assertThat(swaks.exitCode()).as(swaks.toString()).isNotZero();
        assertThat(swaks.output()).as(swaks.toString()).contains("<** 530 5.7.0");
    }
}
