/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.identity.TlsIdentity;

/**
 * An implicit-TLS SMTP receiver on 127.0.0.1 for tor to forward an onion to, serving an
 * {@code smtorp init} identity's TLS key, that answers well until a test tells it to play a
 * hostile part: a malformed greeting, a reply of a million continuation lines, a reply trickled
 * one byte at a time or held back whole (a tarpit), closing after a reply or instead of one, a
 * scripted refusal, an extra EHLO keyword. {@link #reset()} plays well again and cuts every
 * connection, so that no session of an earlier part (the sender pools them) plays on.
 *
 * <p>It answers each command as it arrives, which also serves a pipelining client. It records
 * every connection (when it opened and when the server saw it end), every command, every
 * message: what the receiving operator would see.
 */
final class HostileReceiver implements AutoCloseable {
    /** What the receiver does instead of answering a verb plainly. */
    enum Hostility {
        /** The reply, then the connection closes. */
        CLOSE_AFTER_REPLY,
        /** No reply: the connection closes. */
        CLOSE_WITHOUT_REPLY,
        /** {@value #ENDLESS_LINES} continuation lines, then the reply's last line. */
        ENDLESS_REPLY,
        /** The reply one byte at a time, {@link #trickling} apart. */
        TRICKLE,
        /** The whole reply at once, after one {@link #trickling} interval: a tarpit's stall. */
        LATE
    }

    static final int ENDLESS_LINES = 1_000_000;
    private static final String GREETING = "GREETING";
    private static final String END_OF_DATA = ".";

    private final ServerIdentity identity;
    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Map<String, String> script = new ConcurrentHashMap<>();
    private final Map<String, Hostility> hostilities = new ConcurrentHashMap<>();
    private final List<String> keywords = new CopyOnWriteArrayList<>();
    private volatile Optional<String> greeting = Optional.empty();
    private volatile Duration trickleInterval = Duration.ofSeconds(1);

    private HostileReceiver(ServerIdentity identity, ServerSocket server) {
        this.identity = identity;
        this.server = server;
    }

    /** Listening on a free loopback port with the identity's TLS key, answering well. */
    static HostileReceiver start(ServerIdentity identity) throws IOException {
        HostileReceiver receiver = new HostileReceiver(identity, context(identity).getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        receiver.reset();
        Thread accepting = new Thread(receiver::accept, "hostile-receiver-" + receiver.port());
        accepting.setDaemon(true);
        accepting.start();
        return receiver;
    }

    private static SSLContext context(ServerIdentity identity) throws IOException {
        char[] password = identity.keyStorePassword();
        try (InputStream in = Files.newInputStream(identity.keyStoreFile())) {
            KeyStore keys = KeyStore.getInstance(TlsIdentity.KEY_STORE_TYPE);
            keys.load(in, password);
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("the key store of " + identity + " cannot serve TLS", e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Answers well from now on, forgets what it recorded, and closes every open connection. */
    void reset() {
        script.clear();
        hostilities.clear();
        keywords.clear();
        keywords.add("PIPELINING");
        greeting = Optional.empty();
        trickleInterval = Duration.ofSeconds(1);
        connections.forEach(Connection::close);
        connections.clear();
        commands.clear();
        messages.clear();
    }

    /** The first line sent, in place of {@code 220 <onion> ESMTP}. */
    HostileReceiver greeting(String line) {
        greeting = Optional.of(line);
        return this;
    }

    /** Another keyword in the EHLO reply, e.g. an XPOW offer. */
    HostileReceiver offering(String keyword) {
        keywords.add(keyword);
        return this;
    }

    /**
     * The reply to a command line (exact, e.g. {@code RCPT TO:<a@b>}) or to a verb ({@code DATA}, {@code .},
     * {@code EHLO} in place of the keyword list).
     */
    HostileReceiver replying(String command, String reply) {
        script.put(command, reply);
        return this;
    }

    /** How to answer {@code verb}: {@code GREETING} for the greeting, {@code .} for the end of a message. */
    HostileReceiver hostile(String verb, Hostility hostility) {
        hostilities.put(verb, hostility);
        return this;
    }

    HostileReceiver trickling(Duration interval) {
        trickleInterval = interval;
        return this;
    }

    /** The connections since the last reset, in the order they opened. */
    List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Every command line since the last reset, in the order it came. */
    List<String> commands() {
        return List.copyOf(commands);
    }

    /** Each message taken (its lines up to the final dot) since the last reset. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    /** One connection as the receiver saw it. */
    static final class Connection {
        private final Socket socket;
        private final Instant opened = Instant.now();
        private volatile Optional<Instant> ended = Optional.empty();

        private Connection(Socket socket) {
            this.socket = socket;
        }

        /** From accept to the moment the receiver saw it end (the peer closed, or a read or write failed). */
        Optional<Duration> lasted() {
            return ended.map(end -> Duration.between(opened, end));
        }

        private void end() {
            ended = Optional.of(Instant.now());
            close();
        }

        private void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Closed already.
            }
        }

        @Override
        public String toString() {
            return "connection opened " + opened + lasted().map(lasted -> ", lasted " + lasted.toMillis() + " ms")
                .orElse(", open");
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Connection connection = new Connection(server.accept());
                connections.add(connection);
                Thread session = new Thread(() -> serve(connection), "hostile-receiver-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                // Closed: the test class is over.
            }
        }
    }

    private void serve(Connection connection) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.socket.getInputStream(),
                StandardCharsets.US_ASCII));
            OutputStream out = connection.socket.getOutputStream();
            if (!answer(out, GREETING, greeting.orElse("220 " + identity.onion().asString() + " ESMTP"))) {
                return;
            }
            boolean anyRecipient = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(line);
                String verb = line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
                String reply = reply(line, verb, anyRecipient);
                if (verb.equals("MAIL") || verb.equals("RSET")) {
                    anyRecipient = false;
                }
                anyRecipient |= verb.equals("RCPT") && reply.startsWith("2");
                if (!answer(out, verb, reply) || verb.equals("QUIT")) {
                    return;
                }
                if (verb.equals("DATA") && reply.startsWith("354")) {
                    StringBuilder message = new StringBuilder();
                    for (line = in.readLine(); line != null && !line.equals(END_OF_DATA); line = in.readLine()) {
                        message.append(line).append("\r\n");
                    }
                    if (line == null) {
                        return;
                    }
                    messages.add(message.toString());
                    anyRecipient = false;
                    if (!answer(out, END_OF_DATA, reply(END_OF_DATA, END_OF_DATA, true))) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // The sender went away, or gave up on us: when is what the test reads.
        } finally {
            connection.end();
        }
    }

    private String reply(String line, String verb, boolean anyRecipient) {
        Optional<String> scripted = Optional.ofNullable(script.get(line)).or(() -> Optional.ofNullable(script.get(verb)));
        if (scripted.isPresent()) {
            return scripted.get();
        }
        if (verb.equals("EHLO")) {
            List<String> lines = new ArrayList<>();
            lines.add(identity.onion().asString());
            lines.addAll(keywords);
            StringBuilder ehlo = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                ehlo.append(i == 0 ? "" : "\r\n").append("250").append(i < lines.size() - 1 ? "-" : " ")
                    .append(lines.get(i));
            }
            return ehlo.toString();
        }
        return plain(verb, anyRecipient);
    }

    private static String plain(String verb, boolean anyRecipient) {
        switch (verb) {
            case "MAIL":
                return "250 2.1.0 Sender OK";
            case "RCPT":
                return "250 2.1.5 Recipient OK";
            case "DATA":
                return anyRecipient ? "354 End data with <CR><LF>.<CR><LF>" : "554 5.5.1 No valid recipients";
            case END_OF_DATA:
                return "250 2.6.0 Message accepted";
            case "RSET":
            case "NOOP":
                return "250 2.0.0 OK";
            case "QUIT":
                return "221 2.0.0 Bye";
            default:
                return "500 5.5.1 Unknown command " + verb;
        }
    }

    /** Answers {@code verb} as its hostility says, or plainly; false when the connection is to end. */
    private boolean answer(OutputStream out, String verb, String reply) throws IOException {
        byte[] whole = (reply + "\r\n").getBytes(StandardCharsets.US_ASCII);
        Hostility hostility = hostilities.get(verb);
        if (hostility == null) {
            out.write(whole);
            out.flush();
            return true;
        }
        switch (hostility) {
            case CLOSE_AFTER_REPLY:
                out.write(whole);
                out.flush();
                return false;
            case CLOSE_WITHOUT_REPLY:
                return false;
            case ENDLESS_REPLY:
                OutputStream buffered = new BufferedOutputStream(out, 16 * 1024);
                byte[] line = (reply.substring(0, 3) + "-this reply never ends\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < ENDLESS_LINES; i++) {
                    buffered.write(line);
                }
                buffered.write(whole);
                buffered.flush();
                return true;
            case LATE:
                sleep(trickleInterval);
                out.write(whole);
                out.flush();
                return true;
            default:
                for (byte b : whole) {
                    out.write(b);
                    out.flush();
                    sleep(trickleInterval);
                }
                return true;
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.forEach(Connection::close);
    }
}
