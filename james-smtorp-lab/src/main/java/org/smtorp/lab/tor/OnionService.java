/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.smtorp.protocol.address.OnionAddress;

/**
 * An onion service the network's onion host publishes: its address, the virtual port
 * clients connect to, and the port on 127.0.0.1 tor forwards them to. Published either
 * with {@code ADD_ONION} or from a {@code HiddenServiceDir}.
 */
public final class OnionService {
    private final OnionAddress onion;
    private final int virtualPort;
    private final int localPort;
    private final Optional<Path> directory;

    private OnionService(OnionAddress onion, int virtualPort, int localPort, Optional<Path> directory) {
        this.onion = onion;
        this.virtualPort = virtualPort;
        this.localPort = localPort;
        this.directory = directory;
    }

    static OnionService of(OnionAddress onion, int virtualPort, int localPort, Optional<Path> directory) {
        return new OnionService(Objects.requireNonNull(onion, "onion"), checkedPort(virtualPort),
            checkedPort(localPort), directory.map(path -> path.toAbsolutePath().normalize()));
    }

    static int checkedPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1-65535");
        }
        return port;
    }

    public OnionAddress onion() {
        return onion;
    }

    /** {@code <service id>.onion}, the name to hand to the SOCKS port unresolved. */
    public String hostname() {
        return onion.asString();
    }

    public int virtualPort() {
        return virtualPort;
    }

    /** The port on 127.0.0.1 the onion host forwards connections to. */
    public int localPort() {
        return localPort;
    }

    /** An unresolved address of the service, for a SOCKS CONNECT by name. */
    public InetSocketAddress socksAddress() {
        return InetSocketAddress.createUnresolved(hostname(), virtualPort);
    }

    /** The {@code HiddenServiceDir} it was published from, if it was. */
    public Optional<Path> directory() {
        return directory;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OnionService)) {
            return false;
        }
        OnionService other = (OnionService) o;
        return onion.equals(other.onion) && virtualPort == other.virtualPort && localPort == other.localPort
            && directory.equals(other.directory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(onion, virtualPort, localPort, directory);
    }

    @Override
    public String toString() {
        return hostname() + ":" + virtualPort + " -> " + Loopback.hostPort(localPort)
            + directory.map(dir -> " (HiddenServiceDir " + dir + ")").orElse(" (ADD_ONION)");
    }
}
