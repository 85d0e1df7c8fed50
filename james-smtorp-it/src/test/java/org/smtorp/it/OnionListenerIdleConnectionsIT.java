/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Strangers who open connections and then do nothing must not lock everyone else out of the
 * onion listener, as {@code conf/smtpserver-onion.xml} ships it: it holds hundreds of idle
 * connections without refusing a well-behaved client, and closes a connection without TLS
 * after {@code tlsDeadline} (10 s) and one without EHLO after {@code ehloDeadline} (30 s).
 */
class OnionListenerIdleConnectionsIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("OnionListenerIdleConnectionsIT");
    private static final int IDLE_CONNECTIONS = 200;
    /** How fast a well-behaved client must be served: the same loopback James answers in milliseconds. */
    private static final Duration PROMPTLY = Duration.ofSeconds(3);
    private static final Duration TLS_DEADLINE = Duration.ofSeconds(10);
    private static final Duration EHLO_DEADLINE = Duration.ofSeconds(30);
    /** Timer and scheduling slack on a loaded machine. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    @RegisterExtension
    static JamesServerExtension james = OnionListener.james(IDENTITY);

    private final List<Socket> idle = new ArrayList<>();

    @AfterEach
    void closeIdleConnections() throws IOException {
        for (Socket socket : idle) {
            socket.close();
        }
    }

    @Test
    void wellBehavedClientShouldBeServedPastConnectionsThatNeverStartTls() throws IOException {
        for (int i = 0; i < IDLE_CONNECTIONS; i++) {
            idle.add(plain(OnionListener.IMPLICIT_TLS));
        }

        assertServedPromptly();
    }

    @Test
    void wellBehavedClientShouldBeServedPastConnectionsThatNeverSendEhlo() throws IOException {
        for (int i = 0; i < IDLE_CONNECTIONS; i++) {
            idle.add(AnyCertificateTls.handshake(plain(OnionListener.IMPLICIT_TLS), IDENTITY.onion().asString()));
        }

        assertServedPromptly();
    }

    // Netty's SslHandler already gives an implicit-TLS handshake 10 s; tlsDeadline says so in our
    // configuration, and is what closes a STARTTLS connection (next test).
    @Test
    void connectionWithoutTlsShouldBeClosedAtTheTlsDeadline() throws IOException {
        Socket socket = plain(OnionListener.IMPLICIT_TLS);
        long start = System.nanoTime();

        socket.setSoTimeout(Math.toIntExact(TLS_DEADLINE.plus(SLACK).toMillis()));
        int read = socket.getInputStream().read();

        assertThat(read).as("end of stream").isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TLS_DEADLINE.plus(SLACK));
    }

    @Test
    void connectionWithEhloButNoStartTlsShouldGet421AtTheTlsDeadline() throws IOException {
        Socket socket = plain(OnionListener.STARTTLS);
        long start = System.nanoTime();
        BufferedReader replies = replies(socket);
        assertThat(replies.readLine()).startsWith("220 ");
        send(socket, "EHLO client.test\r\n");
        String line = replies.readLine();
        while (line.startsWith("250-")) {
            line = replies.readLine();
        }
        assertThat(line).startsWith("250 ");

        socket.setSoTimeout(Math.toIntExact(TLS_DEADLINE.plus(SLACK).toMillis()));
        String closing = replies.readLine();

        assertThat(closing).isEqualTo("421 4.4.2 " + IDENTITY.onion().asString()
            + " no TLS within 10 s, closing connection");
        assertThat(replies.readLine()).as("end of stream").isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TLS_DEADLINE.plus(SLACK));
    }

    @Test
    void connectionUnderTlsWithoutEhloShouldGet421AtTheEhloDeadline() throws IOException {
        long start = System.nanoTime();
        Socket socket = AnyCertificateTls.handshake(plain(OnionListener.IMPLICIT_TLS), IDENTITY.onion().asString());
        BufferedReader replies = replies(socket);
        assertThat(replies.readLine()).startsWith("220 ");

        socket.setSoTimeout(Math.toIntExact(EHLO_DEADLINE.plus(SLACK).toMillis()));
        String closing = replies.readLine();

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(closing).isEqualTo("421 4.4.2 " + IDENTITY.onion().asString()
            + " no EHLO under TLS within 30 s, closing connection");
        assertThat(replies.readLine()).as("end of stream").isNull();
        assertThat(elapsed).isBetween(EHLO_DEADLINE.minus(SLACK), EHLO_DEADLINE.plus(SLACK));
    }

    @Test
    void connectionThatGreetedInTimeShouldOutliveTheDeadlines() throws Exception {
        SMTPSClient client = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        try {
            assertThat(client.sendCommand("EHLO", "client.test")).isEqualTo(250);

            Thread.sleep(EHLO_DEADLINE.plus(SLACK).toMillis());

            assertThat(client.sendCommand("NOOP")).isEqualTo(250);
        } finally {
            SmtpClients.close(client);
        }
    }

    // A client of the implicit-TLS listener through to MAIL FROM, timed from its TCP connect.
    private static void assertServedPromptly() throws IOException {
        long start = System.nanoTime();
        SMTPSClient client = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        try {
            assertThat(client.getReplyString()).startsWith("220 " + IDENTITY.onion().asString());
            assertThat(client.sendCommand("EHLO", "client.test")).isEqualTo(250);
            assertThat(client.sendCommand("MAIL", "FROM:<bob@example.com>")).isEqualTo(250);
        } finally {
            SmtpClients.close(client);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
    }

    private static Socket plain(String listener) {
        try {
            return new Socket(InetAddress.getLoopbackAddress(), james.port(listener));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader replies(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void send(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
