/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Objects;

/**
 * A loopback {@code 127.0.0.1:PORT} that {@code smtorp run} listens on or connects to. Only
 * loopback: run starts a James for this machine, and tor reaches the onion listener locally.
 */
final class Endpoint {
    private static final String LOOPBACK = "127.0.0.1";

    private final int port;

    private Endpoint(int port) {
        this.port = port;
    }

    static Endpoint of(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1-65535");
        }
        return new Endpoint(port);
    }

    /** {@code 127.0.0.1:PORT} or {@code localhost:PORT}. */
    static Endpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (!host.equals(LOOPBACK) && !host.equals("localhost")) {
            throw new IllegalArgumentException("'" + text + "' is not on 127.0.0.1: smtorp run listens on loopback only");
        }
        try {
            return of(Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no port number", e);
        }
    }

    int port() {
        return port;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, port);
    }

    boolean isFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String asString() {
        return LOOPBACK + ":" + port;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Endpoint && ((Endpoint) o).port == port;
    }

    @Override
    public final int hashCode() {
        return Objects.hashCode(port);
    }

    @Override
    public String toString() {
        return asString();
    }
}
