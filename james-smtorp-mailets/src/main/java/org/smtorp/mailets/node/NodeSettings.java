/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.node;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code smtorp.properties} says about this node that its mailets share: where its
 * identity is, the tor SOCKS port its mail to onions goes through, and where the TLS pins it
 * learnt are kept. The extension's {@code SmtorpModule} provides it, so that these are set in
 * one file only: a mailet parameter that said otherwise would deliver through another tor, or
 * prove another onion, than the one the onion service runs on ({@link MovedParameters}).
 * The key names live here because both the extension, which reads them, and the mailets,
 * whose errors name them, need them.
 */
public final class NodeSettings {
    public static final String FILE = "smtorp.properties";
    public static final String IDENTITY_DIRECTORY = "identity.directory";
    public static final String SOCKS = "tor.socks";
    public static final String PIN_DIRECTORY = "pins.directory";

    private final Path identityDirectory;
    private final InetSocketAddress socks;
    private final Path pinDirectory;

    private NodeSettings(Path identityDirectory, InetSocketAddress socks, Path pinDirectory) {
        this.identityDirectory = identityDirectory;
        this.socks = socks;
        this.pinDirectory = pinDirectory;
    }

    /**
     * @param identityDirectory absolute: the extension resolves it against James's working directory
     * @param socks an IP on loopback with its port, never a name to look up
     * @param pinDirectory absolute, as {@code identityDirectory}
     * @throws IllegalArgumentException naming the key whose value breaks a rule
     */
    public static NodeSettings of(Path identityDirectory, InetSocketAddress socks, Path pinDirectory) {
        requireAbsolute(IDENTITY_DIRECTORY, identityDirectory);
        requireAbsolute(PIN_DIRECTORY, pinDirectory);
        Objects.requireNonNull(socks, SOCKS);
        if (socks.isUnresolved() || !socks.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException(SOCKS + " " + socks + " is not a loopback IP address");
        }
        return new NodeSettings(identityDirectory.normalize(), socks, pinDirectory.normalize());
    }

    private static void requireAbsolute(String key, Path path) {
        Objects.requireNonNull(path, key);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(key + " " + path + " is not an absolute path");
        }
    }

    /** The directory {@code smtorp init} made: the onion key and the TLS key that proves our mail. */
    public Path identityDirectory() {
        return identityDirectory;
    }

    /** Tor's SOCKS port: in tor mode managed the one our tor opens, otherwise that of a tor that runs already. */
    public InetSocketAddress socks() {
        return socks;
    }

    /** Where first-use TLS pins of the onions we deliver to are kept. */
    public Path pinDirectory() {
        return pinDirectory;
    }

    /** {@code HOST:PORT} as {@code tor.socks} is written, IPv6 in brackets. */
    public String socksAsString() {
        String host = socks.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + socks.getPort();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof NodeSettings)) {
            return false;
        }
        NodeSettings that = (NodeSettings) other;
        return identityDirectory.equals(that.identityDirectory) && socks.equals(that.socks)
            && pinDirectory.equals(that.pinDirectory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identityDirectory, socks, pinDirectory);
    }

    @Override
    public String toString() {
        return "NodeSettings(identity " + identityDirectory + ", SOCKS " + socksAsString() + ", pins " + pinDirectory
            + ")";
    }
}
