/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLSocket;

/**
 * Lines of SMTP over a socket: commands out, multi-line replies in. Only {@link TorConnection}
 * makes one over TLS; the plain one exists only for the greeting, EHLO and STARTTLS. Every
 * reply is bounded (line length, lines, bytes) and must be well formed, so a hostile server
 * gets a {@link DeliveryFailure} of reason PROTOCOL, never our memory; a {@link Deadline}
 * closes the connection under a server that is merely slow.
 */
public final class SmtpChannel implements AutoCloseable {
    // RFC 5321 4.5.3.1.5 allows 512 octets a reply line; we take some slack.
    static final int MAX_LINE = 4096;
    // An EHLO reply lists a few dozen keywords at most.
    static final int MAX_REPLY_LINES = 100;
    static final int MAX_REPLY_BYTES = 32 * 1024;

    private final Socket socket;
    private final Socket transport;
    private final String peer;
    private final InputStream in;
    private final OutputStream out;
    private volatile Deadline deadline;

    private SmtpChannel(Socket socket, Socket transport, String peer) throws IOException {
        this.socket = socket;
        this.transport = transport;
        this.peer = peer;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /**
     * @param socket    what SMTP is spoken over (TLS, or plain before STARTTLS)
     * @param transport the TCP socket beneath it, which a deadline closes (closing TLS would write)
     * @param peer      the server, for messages
     */
    static SmtpChannel over(Socket socket, Socket transport, String peer) throws IOException {
        return new SmtpChannel(socket, transport, peer);
    }

    /** From now on the connection closes at {@code deadline}; a failure it causes says so. */
    public void guardBy(Deadline deadline) {
        this.deadline = deadline;
        deadline.guard(transport);
    }

    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /** The TLS version agreed, e.g. {@code TLSv1.3}. */
    public String tlsProtocol() {
        return isTls() ? ((SSLSocket) socket).getSession().getProtocol() : "none";
    }

    public void send(String command) throws IOException {
        send(List.of(command));
    }

    /** Several commands in one write (an RFC 2920 group): one TLS record, one trip through tor. */
    public void send(List<String> commands) throws IOException {
        try {
            for (String command : commands) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The stream for DATA; the caller dot-stuffs and flushes, and passes failures to {@link #failure}. */
    public OutputStream dataStream() {
        return out;
    }

    /** One reply; all its lines must carry the same code, from 200 to 599. */
    public SmtpReply read() throws IOException {
        try {
            return readReply();
        } catch (DeliveryFailure e) {
            throw e;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private SmtpReply readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        int bytes = 0;
        int code = -1;
        while (true) {
            String line = readLine();
            bytes += line.length() + 2;
            if (lines.size() >= MAX_REPLY_LINES || bytes > MAX_REPLY_BYTES) {
                close();
                throw malformed("a reply of more than " + MAX_REPLY_LINES + " lines or " + MAX_REPLY_BYTES + " bytes");
            }
            int lineCode = code(line);
            if (code >= 0 && lineCode != code) {
                close();
                throw malformed("a reply whose lines carry codes " + code + " and " + lineCode);
            }
            code = lineCode;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return SmtpReply.of(code, lines);
            }
        }
    }

    private int code(String line) throws DeliveryFailure {
        boolean wellFormed = line.length() >= 3 && line.charAt(0) >= '2' && line.charAt(0) <= '5'
            && Character.isDigit(line.charAt(1)) && Character.isDigit(line.charAt(2))
            && (line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-');
        if (!wellFormed) {
            close();
            throw malformed("the reply line \"" + PeerText.printable(line, 80) + "\"");
        }
        return Integer.parseInt(line.substring(0, 3));
    }

    private DeliveryFailure malformed(String what) {
        return DeliveryFailure.temporary(DeliveryFailure.Reason.PROTOCOL, peer + " broke SMTP: " + what);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= MAX_LINE) {
                close();
                throw malformed("a reply line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    /**
     * What a failed read or write means: the deadline's work when it has passed, else a broken
     * connection; either way worth another try later.
     */
    public DeliveryFailure failure(IOException e) {
        if (e instanceof DeliveryFailure) {
            return (DeliveryFailure) e;
        }
        return DeliveryFailure.broken(peer, e, Optional.ofNullable(deadline));
    }

    public boolean isOpen() {
        return !socket.isClosed() && !transport.isClosed();
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            // Nothing left to do with a connection we are dropping.
        }
    }
}
