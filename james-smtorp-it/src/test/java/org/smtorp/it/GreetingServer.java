/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A little TCP server on 127.0.0.1 standing in for what an onion service forwards to:
 * it sends a greeting line, then echoes every line it reads, until the client hangs up.
 */
final class GreetingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final String greeting;

    private GreetingServer(ServerSocket socket, String greeting) {
        this.socket = socket;
        this.greeting = greeting;
    }

    static GreetingServer start(String greeting) {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            GreetingServer server = new GreetingServer(socket, greeting);
            Thread acceptor = new Thread(server::accept, "greeting-server-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    String greeting() {
        return greeting;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread handler = new Thread(() -> serve(connection), "greeting-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection;
             BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                 StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.US_ASCII)) {
            out.write(greeting + "\r\n");
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line + "\r\n");
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
