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

import javax.net.ssl.SSLSocket;

/**
 * Lines of SMTP over a socket: commands out, multi-line replies in. Only {@link TorConnection}
 * makes one over TLS; the plain one exists only for the greeting, EHLO and STARTTLS.
 */
public final class SmtpChannel implements AutoCloseable {
    private static final int MAX_LINE = 4096;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private SmtpChannel(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    static SmtpChannel over(Socket socket) throws IOException {
        return new SmtpChannel(socket);
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
        for (String command : commands) {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    /** The stream for DATA; the caller dot-stuffs and flushes. */
    public OutputStream dataStream() {
        return out;
    }

    public SmtpReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.length() < 3) {
                throw new IOException("malformed SMTP reply line: \"" + line + "\"");
            }
            int code;
            try {
                code = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                throw new IOException("malformed SMTP reply line: \"" + line + "\"", e);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) != '-') {
                return SmtpReply.of(code, lines);
            }
        }
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
                throw new IOException("an SMTP reply line is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to do with a connection we are dropping.
        }
    }
}
