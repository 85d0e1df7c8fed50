/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.smtorp.cli.CliFailure;

/**
 * The demo's mail client: one plain-text message to a submission listener on loopback, as
 * swaks would send it. Loopback only: the submission listener never faces the Tor network.
 */
final class Submission {
    private static final int TIMEOUT_MILLIS = 30_000;

    private final Endpoint server;
    private final String heloName;

    Submission(Endpoint server, String heloName) {
        this.server = server;
        this.heloName = heloName;
    }

    /** Sends the message; the server's final reply, e.g. {@code 250 2.6.0 Message received}. */
    String send(String from, String to, String subject, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server.address(), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            expect(in, 220, "the greeting");
            command(in, out, "EHLO " + heloName, 250);
            command(in, out, "MAIL FROM:<" + from + ">", 250);
            command(in, out, "RCPT TO:<" + to + ">", 250);
            command(in, out, "DATA", 354);
            // SMTP wants CRLF line ends and a leading dot doubled (RFC 5321 4.5.2).
            String text = body.strip().replace("\r\n", "\n").replace("\n.", "\n..").replace("\n", "\r\n");
            String done = command(in, out, "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject
                + "\r\n\r\n" + text + "\r\n.", 250, "the message");
            command(in, out, "QUIT", 221);
            return done;
        }
    }

    private String command(BufferedReader in, Writer out, String command, int expected) throws IOException {
        return command(in, out, command, expected, command);
    }

    private String command(BufferedReader in, Writer out, String command, int expected, String name)
        throws IOException {
        out.write(command + "\r\n");
        out.flush();
        return expect(in, expected, name);
    }

    private String expect(BufferedReader in, int expected, String after) throws IOException {
        String line = in.readLine();
        StringBuilder reply = new StringBuilder();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            reply.append(line).append(' ');
            line = in.readLine();
        }
        if (line == null) {
            throw new CliFailure("the submission listener " + server + " closed the connection after " + after);
        }
        if (!line.startsWith(String.valueOf(expected))) {
            throw new CliFailure("the submission listener " + server + " answered " + after + " with: " + reply + line);
        }
        return line;
    }
}
