/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a tor of the network takes control connections: a port on 127.0.0.1 and the
 * cookie file that authenticates them ({@code CookieAuthentication 1}).
 */
public final class ControlEndpoint {
    private final int port;
    private final Path cookieFile;

    private ControlEndpoint(int port, Path cookieFile) {
        this.port = port;
        this.cookieFile = cookieFile;
    }

    static ControlEndpoint of(int port, Path cookieFile) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("control port " + port + " is not in 1-65535");
        }
        return new ControlEndpoint(port, cookieFile.toAbsolutePath());
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return Loopback.port(port);
    }

    public Path cookieFile() {
        return cookieFile;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ControlEndpoint)) {
            return false;
        }
        ControlEndpoint other = (ControlEndpoint) o;
        return port == other.port && cookieFile.equals(other.cookieFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(port, cookieFile);
    }

    @Override
    public String toString() {
        return Loopback.hostPort(port) + " (cookie " + cookieFile + ")";
    }
}
