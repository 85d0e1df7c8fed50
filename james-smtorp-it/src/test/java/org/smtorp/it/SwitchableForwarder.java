/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP port that forwards each connection to a target port that a test can switch:
 * an onion service published once answers from one server, then from another, as if its
 * operator had moved it. Switching cuts the connections already forwarded, so nothing of
 * the old server stays reachable through it.
 */
final class SwitchableForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile int target;

    private SwitchableForwarder(ServerSocket server, int target) {
        this.server = server;
        this.target = target;
    }

    static SwitchableForwarder to(int target) throws IOException {
        SwitchableForwarder forwarder = new SwitchableForwarder(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
            target);
        Thread accepting = new Thread(forwarder::accept, "forwarder-" + forwarder.port());
        accepting.setDaemon(true);
        accepting.start();
        return forwarder;
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on connections go to {@code newTarget}; those open now are closed. */
    void switchTo(int newTarget) {
        target = newTarget;
        open.forEach(SwitchableForwarder::closeQuietly);
        open.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                forward(server.accept());
            } catch (IOException e) {
                // Closed: no more connections.
            }
        }
    }

    private void forward(Socket client) {
        try {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            open.add(client);
            open.add(upstream);
            pipe(client, upstream);
            pipe(upstream, client);
        } catch (IOException e) {
            // The target refused: the client sees its connection end.
            closeQuietly(client);
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread copying = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // One side ended; the other is closed below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "forwarder-pipe");
        copying.setDaemon(true);
        copying.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        switchTo(target);
    }
}
