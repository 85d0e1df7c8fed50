/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * One tor of the private network: its role, nickname, ports on 127.0.0.1 and directory.
 * The directory is tor's {@code DataDirectory} and also holds its {@code torrc} and {@code tor.log}.
 */
final class TorNode {
    enum Role {
        /** A v3 directory authority; also a relay and an HSDir. */
        AUTHORITY,
        /** A middle relay without a directory cache. */
        RELAY,
        /** Builds circuits for SOCKS connections, as a mail server's tor would. */
        CLIENT,
        /** Hosts onion services published over its control port. */
        ONION_HOST
    }

    private final Role role;
    private final String nickname;
    private final Path directory;
    private final OptionalInt orPort;
    private final OptionalInt dirPort;
    private final OptionalInt socksPort;
    private final OptionalInt controlPort;

    private TorNode(Role role, String nickname, Path directory, OptionalInt orPort, OptionalInt dirPort,
                    OptionalInt socksPort, OptionalInt controlPort) {
        this.role = role;
        this.nickname = nickname;
        this.directory = directory;
        this.orPort = orPort;
        this.dirPort = dirPort;
        this.socksPort = socksPort;
        this.controlPort = controlPort;
    }

    static TorNode authority(String nickname, Path directory, int orPort, int dirPort) {
        return new TorNode(Role.AUTHORITY, nickname, directory, OptionalInt.of(orPort), OptionalInt.of(dirPort),
            OptionalInt.empty(), OptionalInt.empty());
    }

    static TorNode relay(String nickname, Path directory, int orPort) {
        return new TorNode(Role.RELAY, nickname, directory, OptionalInt.of(orPort), OptionalInt.empty(),
            OptionalInt.empty(), OptionalInt.empty());
    }

    static TorNode client(String nickname, Path directory, int socksPort, int controlPort) {
        return new TorNode(Role.CLIENT, nickname, directory, OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.of(socksPort), OptionalInt.of(controlPort));
    }

    static TorNode onionHost(String nickname, Path directory, int controlPort) {
        return new TorNode(Role.ONION_HOST, nickname, directory, OptionalInt.empty(), OptionalInt.empty(),
            OptionalInt.empty(), OptionalInt.of(controlPort));
    }

    Role role() {
        return role;
    }

    String nickname() {
        return nickname;
    }

    Path directory() {
        return directory;
    }

    Path torrc() {
        return directory.resolve("torrc");
    }

    Path logFile() {
        return directory.resolve("tor.log");
    }

    Path cookieFile() {
        return directory.resolve("control_auth_cookie");
    }

    OptionalInt orPort() {
        return orPort;
    }

    OptionalInt dirPort() {
        return dirPort;
    }

    OptionalInt socksPort() {
        return socksPort;
    }

    OptionalInt controlPort() {
        return controlPort;
    }

    ControlEndpoint controlEndpoint() {
        return ControlEndpoint.of(controlPort.orElseThrow(
            () -> new IllegalStateException(nickname + " has no control port")), cookieFile());
    }

    @Override
    public String toString() {
        return nickname + " (" + role.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
    }
}
