/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import org.apache.commons.configuration2.Configuration;
import org.smtorp.extension.tor.ControlAuthentication;
import org.smtorp.extension.tor.TorMode;

/**
 * {@code conf/smtorp.properties}, read once at start-up. A bad value fails start-up
 * with the file, the key and what is allowed; nothing is silently defaulted.
 * Relative paths are relative to James's working directory.
 */
public final class SmtorpConfiguration {
    static final String FILE = "smtorp.properties";

    static final String MODE = "tor.mode";
    static final String IDENTITY = "identity.directory";
    static final String VIRTUAL_PORT = "onion.virtualPort";
    static final String TARGET = "onion.target";
    static final String BINARY = "tor.binary";
    static final String DATA_DIRECTORY = "tor.dataDirectory";
    static final String SOCKS = "tor.socks";
    static final String TORRC_INCLUDE = "tor.torrcInclude";
    static final String CONTROL = "tor.control";
    static final String COOKIE_FILE = "tor.control.cookieFile";
    static final String PASSWORD = "tor.control.password";
    static final String HIDDEN_SERVICE_DIRECTORY = "tor.hiddenServiceDirectory";
    static final String ANNOUNCED_DIRECTORY = "announce.directory";

    private final TorMode mode;
    private final Path identityDirectory;
    private final int virtualPort;
    private final InetSocketAddress target;
    private final Path torBinary;
    private final Path dataDirectory;
    private final InetSocketAddress socks;
    private final Optional<Path> torrcInclude;
    private final Optional<InetSocketAddress> control;
    private final Optional<ControlAuthentication> controlAuthentication;
    private final Optional<Path> hiddenServiceDirectory;
    private final Path announcedDirectory;

    private SmtorpConfiguration(Reader reader) {
        this.mode = reader.mode();
        this.identityDirectory = reader.path(IDENTITY, "var/smtorp/identity");
        this.virtualPort = reader.port(VIRTUAL_PORT, 25);
        this.target = reader.loopback(TARGET, "127.0.0.1:2525");
        this.torBinary = Paths.get(reader.string(BINARY, "tor"));
        this.dataDirectory = reader.path(DATA_DIRECTORY, "var/smtorp/tor");
        this.socks = reader.loopback(SOCKS, "127.0.0.1:9060");
        this.torrcInclude = reader.optionalString(TORRC_INCLUDE).map(reader::resolve);
        this.control = mode == TorMode.ATTACH ? Optional.of(reader.loopback(CONTROL, null)) : Optional.empty();
        this.controlAuthentication = mode == TorMode.ATTACH ? Optional.of(reader.authentication()) : Optional.empty();
        this.hiddenServiceDirectory = mode == TorMode.STATIC
            ? Optional.of(reader.path(HIDDEN_SERVICE_DIRECTORY, null)) : Optional.empty();
        this.announcedDirectory = reader.path(ANNOUNCED_DIRECTORY, "var/smtorp/announced");
    }

    public static SmtorpConfiguration from(Configuration properties, Path workingDirectory) {
        return new SmtorpConfiguration(new Reader(properties, workingDirectory));
    }

    public TorMode mode() {
        return mode;
    }

    public Path identityDirectory() {
        return identityDirectory;
    }

    public int virtualPort() {
        return virtualPort;
    }

    /** The onion listener tor forwards the virtual port to. */
    public InetSocketAddress target() {
        return target;
    }

    public Path torBinary() {
        return torBinary;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The SOCKS port of the managed tor, which onion delivery uses. */
    public InetSocketAddress socks() {
        return socks;
    }

    public Optional<Path> torrcInclude() {
        return torrcInclude;
    }

    public Optional<InetSocketAddress> control() {
        return control;
    }

    public Optional<ControlAuthentication> controlAuthentication() {
        return controlAuthentication;
    }

    public Optional<Path> hiddenServiceDirectory() {
        return hiddenServiceDirectory;
    }

    /** Where the SMTorP addresses announced in authenticated mail are kept (docs/announce.md). */
    public Path announcedDirectory() {
        return announcedDirectory;
    }

    /** Reads keys with the file name in every error. */
    private static final class Reader {
        private final Configuration properties;
        private final Path workingDirectory;

        Reader(Configuration properties, Path workingDirectory) {
            this.properties = properties;
            this.workingDirectory = workingDirectory;
        }

        TorMode mode() {
            try {
                return TorMode.parse(string(MODE, "managed"));
            } catch (IllegalArgumentException e) {
                throw invalid(MODE, e.getMessage());
            }
        }

        Optional<String> optionalString(String key) {
            return Optional.ofNullable(properties.getString(key, null)).map(String::trim).filter(s -> !s.isEmpty());
        }

        String string(String key, String fallback) {
            return optionalString(key).or(() -> Optional.ofNullable(fallback))
                .orElseThrow(() -> invalid(key, "is required in tor mode " + mode().asString()));
        }

        Path path(String key, String fallback) {
            return resolve(string(key, fallback));
        }

        Path resolve(String path) {
            return workingDirectory.resolve(path).normalize();
        }

        int port(String key, int fallback) {
            String text = string(key, String.valueOf(fallback));
            try {
                int port = Integer.parseInt(text);
                if (port < 1 || port > 65535) {
                    throw invalid(key, "'" + text + "' is not a port number (1-65535)");
                }
                return port;
            } catch (NumberFormatException e) {
                throw invalid(key, "'" + text + "' is not a port number (1-65535)");
            }
        }

        // Everything SMTorP listens on or talks to locally must stay on loopback.
        InetSocketAddress loopback(String key, String fallback) {
            String text = string(key, fallback);
            int colon = text.lastIndexOf(':');
            if (colon < 1) {
                throw invalid(key, "'" + text + "' is not HOST:PORT");
            }
            String host = text.substring(0, colon).replaceAll("^\\[|]$", "");
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw invalid(key, "'" + text + "' is not HOST:PORT");
            }
            if (!host.equals("127.0.0.1") && !host.equals("::1") && !host.equals("localhost")) {
                throw invalid(key, "'" + text + "' is not a loopback address (127.0.0.1 or ::1)");
            }
            if (port < 1 || port > 65535) {
                throw invalid(key, "'" + text + "' has no valid port (1-65535)");
            }
            return new InetSocketAddress(host.equals("::1") ? "::1" : "127.0.0.1", port);
        }

        ControlAuthentication authentication() {
            Optional<String> cookie = optionalString(COOKIE_FILE);
            Optional<String> password = optionalString(PASSWORD);
            if (cookie.isPresent() == password.isPresent()) {
                throw invalid(COOKIE_FILE, "give exactly one of " + COOKIE_FILE + " and " + PASSWORD
                    + " in tor mode attach");
            }
            return cookie.map(file -> ControlAuthentication.cookie(resolve(file)))
                .orElseGet(() -> ControlAuthentication.password(password.orElseThrow()));
        }

        private static IllegalArgumentException invalid(String key, String problem) {
            return new IllegalArgumentException(FILE + ": " + key + ": " + problem);
        }
    }

    @Override
    public String toString() {
        return "SmtorpConfiguration(" + mode.asString() + ", identity " + identityDirectory + ", onion port "
            + virtualPort + " -> " + target.getHostString() + ":" + target.getPort() + ")";
    }
}
