/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.OnionServiceKey;

import net.freehaven.tor.control.NullEventHandler;

/** TorControl against a scripted control port on 127.0.0.1 that answers only what a test gives it. */
class TorControlTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final OnionAddress ONION =
        OnionAddress.parse("lhnmvqkcfxadsfihyzdcfewoxln2ohal47qbebgpnm76a37mauqbavad.onion");

    private static final OnionServiceKey KEY = OnionServiceKey.generate(new java.security.SecureRandom());

    private final List<String> received = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private Socket accepted;

    @AfterEach
    void closeServer() throws IOException {
        if (accepted != null) {
            accepted.close();
        }
        server.close();
    }

    @Test
    void delOnionShouldFailWithinTheReplyTimeoutWhenTorNeverAnswers() throws Exception {
        try (TorControl control = connect(Map.of("AUTHENTICATE", "250 OK"))) {
            long begin = System.nanoTime();

            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> control.delOnion(ONION)).isInstanceOf(IOException.class)
                    .hasMessageContaining("tor did not answer DEL_ONION within 3000 ms"));

            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(6));
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void commandShouldFailWithinTheReplyTimeoutWhenAnotherThreadClosesTheConnectionMeanwhile() throws Exception {
        try (TorControl control = connect(Map.of("AUTHENTICATE", "250 OK"))) {
            CompletableFuture.runAsync(() -> {
                sleep(Duration.ofMillis(500));
                control.close();
            });

            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> control.delOnion(ONION)).isInstanceOf(IOException.class));
        }
    }

    @Test
    void commandShouldFailAtOnceAfterClose() throws Exception {
        TorControl control = connect(Map.of("AUTHENTICATE", "250 OK"));
        control.close();

        assertTimeoutPreemptively(Duration.ofSeconds(1), () ->
            assertThatThrownBy(() -> control.delOnion(ONION)).isInstanceOf(IOException.class)
                .hasMessageContaining("closed; DEL_ONION not sent"));
    }

    @Test
    void commandShouldReturnTorsReplyAndLeaveNoInterruptBehind() throws Exception {
        try (TorControl control = connect(Map.of("AUTHENTICATE", "250 OK",
                "GETINFO", "250-status/bootstrap-phase=NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"\r\n250 OK"))) {

            assertThat(control.bootstrapProgress()).isEqualTo(100);

            Thread.sleep(TorControl.REPLY_TIMEOUT.plusMillis(500).toMillis());
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void addOnionShouldAskTorForTheStreamLimitAndProofOfWork() throws Exception {
        try (TorControl control = connect(Map.of("AUTHENTICATE", "250 OK",
                "ADD_ONION", "250-ServiceID=" + KEY.onion().serviceId() + "\r\n250 OK",
                "GETINFO", "250+onions/current=\r\n" + KEY.onion().serviceId() + "\r\n.\r\n250 OK"))) {

            OnionAddress added = control.addOnion(KEY, 25, new InetSocketAddress("127.0.0.1", 2525),
                OnionServiceDefenses.of(20, true, true, OptionalInt.of(100), OptionalInt.empty()));

            assertThat(added).isEqualTo(KEY.onion());
            assertThat(received).contains("ADD_ONION " + KEY.addOnionKey() + " Flags=MaxStreamsCloseCircuit"
                + " MaxStreams=20 PoWDefensesEnabled=1 PoWQueueRate=100 Port=25,127.0.0.1:2525");
        }
    }

    @Test
    void addOnionShouldNameTheProofOfWorkSettingWhenTorRefusesIt() throws Exception {
        try (TorControl control = connect(Map.of("AUTHENTICATE", "250 OK",
                "ADD_ONION", "512 Bad arguments to ADD_ONION: Unrecognized keyword argument \"PoWDefensesEnabled\""))) {

            assertThatThrownBy(() -> control.addOnion(KEY, 25, new InetSocketAddress("127.0.0.1", 2525),
                OnionServiceDefenses.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tor refused ADD_ONION")
                .hasMessageContaining("onion.pow.enabled")
                .hasMessageNotContaining(KEY.addOnionKey());
        }
    }

    @Test
    void addOnionShouldFailWhenTorDoesNotListTheOnion() throws Exception {
        try (TorControl control = connect(Map.of("AUTHENTICATE", "250 OK",
                "ADD_ONION", "250-ServiceID=" + ONION.serviceId() + "\r\n250 OK",
                "GETINFO", "250+onions/current=\r\n" + ONION.serviceId() + "\r\n.\r\n250 OK"))) {

            assertThatThrownBy(() -> control.addOnion(KEY, 25, new InetSocketAddress("127.0.0.1", 2525),
                OnionServiceDefenses.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not list " + KEY.onion());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Answers each command whose verb is a key with its reply; any other command gets no answer at all.
    private TorControl connect(Map<String, String> replies) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture.runAsync(() -> serve(replies));
        return TorControl.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
            ControlAuthentication.password("secret"), new NullEventHandler(), CONNECT_TIMEOUT);
    }

    private void serve(Map<String, String> replies) {
        try {
            accepted = server.accept();
            BufferedReader in = new BufferedReader(new InputStreamReader(accepted.getInputStream(),
                StandardCharsets.US_ASCII));
            OutputStream out = accepted.getOutputStream();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                received.add(line);
                String reply = replies.get(line.split(" ")[0]);
                if (reply != null) {
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // The test closed the connection.
        }
    }
}
