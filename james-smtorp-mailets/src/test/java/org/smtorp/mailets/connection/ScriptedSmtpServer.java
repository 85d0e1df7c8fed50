/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.TlsIdentity;

/**
 * An implicit-TLS SMTP server on 127.0.0.1 that answers from a script and records what came
 * in one write: it reads every command the client has sent before it answers any of them,
 * as a pipelining server does, so each recorded group is what the client sent without
 * waiting for a reply. Message lines are recorded apart, one string per message.
 *
 * <p>It can also play a hostile receiver: a malformed greeting, a reply of endless
 * continuation lines, a reply trickled one byte at a time, closing the connection after a
 * reply or instead of one.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    public static final OnionAddress ONION = PinStoreTest.ONION;
    private static final char[] PASSWORD = "scripted".toCharArray();

    /** What the server does instead of answering a verb plainly. */
    public enum Hostility {
        /** The reply, then the connection closes. */
        CLOSE_AFTER_REPLY,
        /** No reply: the connection closes. */
        CLOSE_WITHOUT_REPLY,
        /** A million continuation lines, then the reply's last line. */
        ENDLESS_REPLY,
        /** The reply one byte at a time, {@link #trickleInterval} apart. */
        TRICKLE
    }

    private final OnionAddress onion;
    private final TlsIdentity identity;
    private final SSLServerSocket server;
    private final List<String> keywords;
    private final Map<String, String> script = new HashMap<>();
    private final List<List<String>> groups = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final Map<String, Hostility> hostilities = new HashMap<>();
    private volatile Duration endOfDataDelay = Duration.ZERO;
    private volatile Duration trickleInterval = Duration.ofSeconds(1);
    private volatile String greeting;

    private ScriptedSmtpServer(OnionAddress onion, List<String> keywords) throws IOException {
        this.onion = onion;
        this.identity = TlsIdentity.generate(onion, new SecureRandom(), Clock.systemUTC());
        this.greeting = "220 " + onion.asString() + " scripted ESMTP";
        this.keywords = List.copyOf(keywords);
        this.server = (SSLServerSocket) context().getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @param keywords the EHLO keywords it offers, e.g. {@code PIPELINING} */
    public static ScriptedSmtpServer offering(String... keywords) throws IOException {
        return new ScriptedSmtpServer(ONION, Arrays.asList(keywords));
    }

    /** A server for another onion (its certificate names it), offering {@code keywords}. */
    public static ScriptedSmtpServer at(OnionAddress onion, String... keywords) throws IOException {
        return new ScriptedSmtpServer(onion, Arrays.asList(keywords));
    }

    /** The first line(s) sent, in place of {@code 220 <onion> scripted ESMTP}. */
    public ScriptedSmtpServer greeting(String greeting) {
        this.greeting = greeting;
        return this;
    }

    /** How to answer {@code verb} ({@code .} for the end of a message, {@code GREETING} for the greeting). */
    public ScriptedSmtpServer hostile(String verb, Hostility hostility) {
        hostilities.put(verb, hostility);
        return this;
    }

    public ScriptedSmtpServer trickling(Duration interval) {
        trickleInterval = interval;
        return this;
    }

    public OnionAddress onion() {
        return onion;
    }

    /**
     * The reply to a command line (exact, e.g. {@code RCPT TO:<a@b>}) or to a verb ({@code DATA},
     * {@code .} for the end of a message). A 421 reply closes the connection after it.
     */
    public ScriptedSmtpServer replying(String command, String reply) {
        script.put(command, reply);
        return this;
    }

    /** Each end of message is answered that much later, so that sessions overlap. */
    public ScriptedSmtpServer delayingEndOfData(Duration delay) {
        endOfDataDelay = delay;
        return this;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    public TlsIdentity identity() {
        return identity;
    }

    /** A channel to this server over TLS with its key pinned, greeting read, as TorConnection returns one. */
    public SmtpChannel connect() throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            // Pinned by fingerprint: the store is never written.
            context.init(null, new TrustManager[] {new PinningTrustManager(onion, Optional.of(identity.fingerprint()),
                PinStore.in(Path.of("target", "unused-pins")))}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
            server.getLocalPort());
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        SmtpChannel channel = SmtpChannel.over(socket, socket, onion.asString());
        channel.read();
        return channel;
    }

    /** The commands of each group, in the order they came, over all connections. */
    public List<List<String>> groups() {
        return List.copyOf(groups);
    }

    /** Every command, in the order it came. */
    public List<String> commands() {
        List<String> all = new ArrayList<>();
        groups.forEach(all::addAll);
        return all;
    }

    /** Each message's lines as sent (dot-stuffed), CRLF-joined; a lone dot gives an empty one. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    public int connections() {
        return connections.get();
    }

    /** The most connections that were open at one time. */
    public int mostOpenAtOnce() {
        return mostOpen.get();
    }

    private SSLContext context() throws IOException {
        try {
            KeyStore keys = KeyStore.getInstance(TlsIdentity.KEY_STORE_TYPE);
            keys.load(null, null);
            keys.setKeyEntry("server", identity.privateKey(), PASSWORD, new Certificate[] {identity.certificate()});
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                Thread session = new Thread(() -> serve(client), "scripted-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                // Closed: the test is over.
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.US_ASCII));
            OutputStream out = client.getOutputStream();
            if (!answer(out, "GREETING", greeting)) {
                return;
            }
            List<String> group = new ArrayList<>();
            List<String> pending = new ArrayList<>();
            StringBuilder message = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (message != null) {
                    if (!line.equals(".")) {
                        message.append(line).append("\r\n");
                        continue;
                    }
                    messages.add(message.toString());
                    message = null;
                    sleep(endOfDataDelay);
                    if (hostilities.containsKey(".")) {
                        write(out, pending);
                        pending.clear();
                        answer(out, ".", reply("."));
                        return;
                    }
                    pending.add(reply("."));
                } else {
                    group.add(line);
                    String verb = verb(line);
                    if (hostilities.containsKey(verb)) {
                        groups.add(List.copyOf(group));
                        write(out, pending);
                        if (!answer(out, verb, reply(line))) {
                            return;
                        }
                        group.clear();
                        pending.clear();
                        continue;
                    }
                    pending.add(reply(line));
                    message = pending.get(pending.size() - 1).startsWith("354") ? new StringBuilder() : null;
                }
                // Answer only when the client has sent all it will before waiting for us.
                if (!in.ready() || message != null) {
                    if (!group.isEmpty()) {
                        groups.add(List.copyOf(group));
                        group.clear();
                    }
                    write(out, pending);
                    if (pending.stream().anyMatch(reply -> reply.startsWith("421")) || line.startsWith("QUIT")) {
                        return;
                    }
                    pending.clear();
                }
            }
        } catch (IOException e) {
            // The client went away: the test sees it on its side.
        } finally {
            open.decrementAndGet();
        }
    }

    /** Answers {@code verb} as its hostility says, or plainly; false when the connection is to end. */
    private boolean answer(OutputStream out, String verb, String reply) throws IOException {
        Hostility hostility = hostilities.get(verb);
        if (hostility == null) {
            write(out, List.of(reply));
            return true;
        }
        switch (hostility) {
            case CLOSE_AFTER_REPLY:
                write(out, List.of(reply));
                return false;
            case CLOSE_WITHOUT_REPLY:
                return false;
            case ENDLESS_REPLY:
                String code = reply.substring(0, 3);
                byte[] line = (code + "-this reply never ends\r\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(line);
                }
                write(out, List.of(reply));
                return true;
            default:
                for (byte b : (reply + "\r\n").getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    sleep(trickleInterval);
                }
                return true;
        }
    }

    private static String verb(String line) {
        return line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
    }

    private String reply(String line) {
        String verb = verb(line);
        if (verb.equals("EHLO")) {
            List<String> lines = new ArrayList<>();
            lines.add(onion.asString());
            lines.addAll(keywords);
            StringBuilder ehlo = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                ehlo.append("250").append(i < lines.size() - 1 ? "-" : " ").append(lines.get(i))
                    .append(i < lines.size() - 1 ? "\r\n" : "");
            }
            return ehlo.toString();
        }
        return Optional.ofNullable(script.get(line)).or(() -> Optional.ofNullable(script.get(verb)))
            .orElseGet(() -> standard(verb));
    }

    private static String standard(String verb) {
        switch (verb) {
            case "MAIL":
                return "250 2.1.0 Sender OK";
            case "RCPT":
                return "250 2.1.5 Recipient OK";
            case "DATA":
                return "354 Ok Send data ending with <CRLF>.<CRLF>";
            case ".":
                return "250 2.6.0 Message received";
            case "RSET":
                return "250 2.0.0 OK";
            case "XPOW":
                return "250 2.7.0 proof accepted";
            case "QUIT":
                return "221 2.0.0 Bye";
            default:
                return "500 5.5.1 Unknown command " + verb;
        }
    }

    private static void write(OutputStream out, List<String> replies) throws IOException {
        StringBuilder text = new StringBuilder();
        replies.forEach(reply -> text.append(reply).append("\r\n"));
        out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
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
    }
}
