/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

/**
 * An implicit-TLS SMTP session that writes whatever bytes a hostile client would (pipelined
 * floods, NUL bytes, endless lines) and reads replies line by line with a deadline, so a test
 * sees exactly what the listener answered and whether it closed the connection.
 */
final class RawSmtpSession implements AutoCloseable {
    private static final int MAX_REPLY_LINE = 4096;

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean reset;

    private RawSmtpSession(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to the implicit-TLS listener on loopback and reads its greeting. */
    static RawSmtpSession connect(int port) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        RawSmtpSession session = new RawSmtpSession(AnyCertificateTls.handshake(plain, "127.0.0.1"));
        session.reply(Duration.ofSeconds(30)).orElseThrow(() -> new IOException("no greeting"));
        return session;
    }

    /** Sends EHLO and returns its reply lines. */
    List<String> ehlo() throws IOException {
        return command("EHLO hostile.example");
    }

    /** Sends one command line (CRLF added) and reads its whole reply. */
    List<String> command(String line) throws IOException {
        send(line + "\r\n");
        return reply(Duration.ofSeconds(30)).orElseThrow(() -> new IOException("closed before replying to " + line));
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next whole reply (all its lines), or empty when the server closed the connection first. */
    Optional<List<String>> reply(Duration patience) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            Optional<String> line = line(patience);
            if (line.isEmpty()) {
                return lines.isEmpty() ? Optional.empty() : Optional.of(lines);
            }
            lines.add(line.get());
            if (line.get().length() < 4 || line.get().charAt(3) != '-') {
                return Optional.of(lines);
            }
        }
    }

    /** Every reply until the server closes, failing when it has not closed within {@code patience}. */
    List<String> repliesUntilClosed(Duration patience) throws IOException {
        long end = System.nanoTime() + patience.toNanos();
        List<String> replies = new ArrayList<>();
        IOException failure = null;
        while (System.nanoTime() < end) {
            Optional<List<String>> reply;
            try {
                reply = reply(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            } catch (IOException e) {
                failure = e;
                break;
            }
            if (reply.isEmpty()) {
                return replies;
            }
            replies.add(reply.get().get(reply.get().size() - 1));
        }
        throw new IOException("still open after " + patience + ", " + replies.size() + " replies, the last: "
            + (replies.isEmpty() ? "none" : replies.get(replies.size() - 1)), failure);
    }

    private Optional<String> line(Duration patience) throws IOException {
        socket.setSoTimeout((int) Math.max(1, patience.toMillis()));
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    return Optional.of(line.toString(StandardCharsets.ISO_8859_1).stripTrailing());
                }
                if (line.size() >= MAX_REPLY_LINE) {
                    throw new IOException("reply line longer than " + MAX_REPLY_LINE);
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no reply within " + patience + " (read so far: " + line + ")", e);
        } catch (IOException e) {
            // A reset is a close too: a server that closes with a flood's pipelined lines still
            // arriving makes the kernel answer them with a reset, and the replies it sent last (its
            // 421 among them) may be lost with it.
            reset = true;
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether the connection ended in a reset rather than an orderly close. */
    boolean wasReset() {
        return reset;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
