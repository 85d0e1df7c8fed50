/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * 127.0.0.1, the only address the lab binds or connects to. Spelled out rather than
 * {@link InetAddress#getLoopbackAddress()}, which answers ::1 when IPv6 is preferred.
 */
final class Loopback {
    static final String HOST = "127.0.0.1";
    static final InetAddress ADDRESS = address();

    private Loopback() {
    }

    static InetSocketAddress port(int port) {
        return new InetSocketAddress(ADDRESS, port);
    }

    /** {@code 127.0.0.1:port} as torrc and the control protocol write it. */
    static String hostPort(int port) {
        return HOST + ":" + port;
    }

    private static InetAddress address() {
        try {
            return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are a valid IPv4 address", e);
        }
    }
}
