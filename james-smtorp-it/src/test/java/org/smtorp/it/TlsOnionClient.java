/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.smtorp.protocol.address.OnionAddress;

/**
 * SMTP with implicit TLS to an onion listener through tor's SOCKS port, as a sender sees
 * it: the handshake, the greeting, then commands with their final reply lines. The
 * certificate is not checked here (pins are the delivery tests' concern).
 */
final class TlsOnionClient implements AutoCloseable {
    private final SSLSocket socket;
    private final BufferedReader in;
    private final Writer out;
    private final String greeting;

    private TlsOnionClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
        this.greeting = reply();
    }

    static TlsOnionClient connect(InetSocketAddress socks, OnionAddress onion, Duration patience) throws IOException {
        Socket plain = OnionClient.open(socks, onion, 25, patience);
        return new TlsOnionClient(AnyCertificateTls.handshake(plain, onion.asString()));
    }

    String greeting() {
        return greeting;
    }

    String protocol() {
        return socket.getSession().getProtocol();
    }

    /** Sends a command and returns the last line of the reply. */
    String exchange(String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
        return reply();
    }

    // Multi-line replies continue with "250-"; the last line has a space after the code.
    private String reply() throws IOException {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        if (line == null) {
            throw new IOException("connection closed before a reply");
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
