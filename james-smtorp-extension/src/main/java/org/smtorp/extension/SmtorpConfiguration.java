/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.util.DurationParser;
import org.smtorp.mailets.node.NodeSettings;
import org.smtorp.mailets.route.DnsRouteSource;
import org.smtorp.protocol.address.LoopbackAddress;
import org.smtorp.protocol.discovery.DiscoverySettings;
import org.smtorp.protocol.discovery.DnssecPolicy;
import org.smtorp.extension.tor.ControlAuthentication;
import org.smtorp.extension.tor.OnionServiceDefenses;
import org.smtorp.extension.tor.TorMode;

/**
 * {@code conf/smtorp.properties}, read once at start-up. A bad value fails start-up
 * with the file, the key and what is allowed; nothing is silently defaulted.
 * Relative paths are relative to James's working directory.
 */
public final class SmtorpConfiguration {
    static final String FILE = NodeSettings.FILE;
    /** A managed tor's SOCKS port: not tor's own default, so that it never meets a system tor's. */
    static final String MANAGED_SOCKS = "127.0.0.1:9060";
    /** Tor's own default SOCKS port, that of a tor which runs already (attach, static, none). */
    static final String RUNNING_TOR_SOCKS = "127.0.0.1:9050";

    static final String MODE = "tor.mode";
    static final String IDENTITY = NodeSettings.IDENTITY_DIRECTORY;
    static final String VIRTUAL_PORT = "onion.virtualPort";
    static final String TARGET = "onion.target";
    static final String MAX_STREAMS = "onion.maxStreams";
    static final String MAX_STREAMS_CLOSE_CIRCUIT = "onion.maxStreamsCloseCircuit";
    static final String POW_ENABLED = "onion.pow.enabled";
    static final String POW_QUEUE_RATE = "onion.pow.queueRate";
    static final String POW_QUEUE_BURST = "onion.pow.queueBurst";
    static final String BINARY = "tor.binary";
    static final String DATA_DIRECTORY = "tor.dataDirectory";
    static final String SOCKS = NodeSettings.SOCKS;
    static final String PIN_DIRECTORY = NodeSettings.PIN_DIRECTORY;
    static final String TORRC_INCLUDE = "tor.torrcInclude";
    static final String CONTROL = "tor.control";
    static final String COOKIE_FILE = "tor.control.cookieFile";
    static final String PASSWORD = "tor.control.password";
    static final String HIDDEN_SERVICE_DIRECTORY = "tor.hiddenServiceDirectory";
    static final String DNS_ENABLED = "discovery.dns.enabled";
    static final String DNS_RESOLVER = "discovery.dns.resolver";
    static final String DNS_DNSSEC = "discovery.dns.dnssec";
    static final String DNS_TRUST_ANCHOR = "discovery.dns.trustAnchor";
    static final String DNS_TIMEOUT = "discovery.dns.timeout";
    static final String DNS_CACHE_SIZE = "discovery.dns.cacheSize";
    static final String ANNOUNCED_DIRECTORY = "announce.directory";

    private final TorMode mode;
    private final Path identityDirectory;
    private final int virtualPort;
    private final InetSocketAddress target;
    private final OnionServiceDefenses defenses;
    private final Path torBinary;
    private final Path dataDirectory;
    private final InetSocketAddress socks;
    private final Path pinDirectory;
    private final Optional<Path> torrcInclude;
    private final Optional<InetSocketAddress> control;
    private final Optional<ControlAuthentication> controlAuthentication;
    private final Optional<Path> hiddenServiceDirectory;
    private final Optional<DiscoverySettings> dnsDiscovery;
    private final int dnsCacheSize;
    private final Path announcedDirectory;

    private SmtorpConfiguration(Reader reader) {
        this.mode = reader.mode();
        this.identityDirectory = reader.path(IDENTITY, "var/smtorp/identity");
        this.virtualPort = reader.port(VIRTUAL_PORT, 25);
        this.target = reader.loopback(TARGET, "127.0.0.1:2525");
        this.defenses = reader.defenses();
        this.torBinary = Paths.get(reader.string(BINARY, "tor"));
        this.dataDirectory = reader.path(DATA_DIRECTORY, "var/smtorp/tor");
        this.socks = reader.loopback(SOCKS, mode == TorMode.MANAGED ? MANAGED_SOCKS : RUNNING_TOR_SOCKS);
        this.pinDirectory = reader.path(PIN_DIRECTORY, "var/smtorp/pins");
        this.torrcInclude = reader.optionalString(TORRC_INCLUDE).map(reader::resolve);
        this.control = mode == TorMode.ATTACH ? Optional.of(reader.loopback(CONTROL, null)) : Optional.empty();
        this.controlAuthentication = mode == TorMode.ATTACH ? Optional.of(reader.authentication()) : Optional.empty();
        this.hiddenServiceDirectory = mode == TorMode.STATIC
            ? Optional.of(reader.path(HIDDEN_SERVICE_DIRECTORY, null)) : Optional.empty();
        this.dnsDiscovery = reader.bool(DNS_ENABLED, false) ? Optional.of(reader.dnsDiscovery()) : Optional.empty();
        this.dnsCacheSize = reader.positive(DNS_CACHE_SIZE, DnsRouteSource.DEFAULT_CACHE_SIZE);
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

    /** Tor's stream limit and proof of work for our onion, in modes managed and attach. */
    public OnionServiceDefenses defenses() {
        return defenses;
    }

    public Path torBinary() {
        return torBinary;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * The SOCKS port onion delivery and the announcement check go through: in tor mode managed
     * the one our tor opens, in the other modes that of a tor which runs already.
     */
    public InetSocketAddress socks() {
        return socks;
    }

    /** Where the TLS pins learnt at first delivery to an onion are kept. */
    public Path pinDirectory() {
        return pinDirectory;
    }

    /** What the mailets share from this file: the identity, the SOCKS port and the pins. */
    public NodeSettings nodeSettings() {
        return NodeSettings.of(identityDirectory.toAbsolutePath(), socks, pinDirectory.toAbsolutePath());
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

    /** How DNS discovery asks, when it is enabled (docs/discovery.md). */
    public Optional<DiscoverySettings> dnsDiscovery() {
        return dnsDiscovery;
    }

    /** How many domains DNS discovery keeps in its cache. */
    public int dnsCacheSize() {
        return dnsCacheSize;
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
            InetAddress address;
            try {
                address = LoopbackAddress.parse(host);
            } catch (IllegalArgumentException e) {
                throw invalid(key, "'" + text + "' is not " + LoopbackAddress.ALLOWED);
            }
            if (port < 1 || port > 65535) {
                throw invalid(key, "'" + text + "' has no valid port (1-65535)");
            }
            return new InetSocketAddress(address, port);
        }

        boolean bool(String key, boolean fallback) {
            String text = string(key, String.valueOf(fallback)).toLowerCase(Locale.ROOT);
            if (!text.equals("true") && !text.equals("false")) {
                throw invalid(key, "'" + text + "' is neither true nor false");
            }
            return Boolean.parseBoolean(text);
        }

        int positive(String key, int fallback) {
            String text = string(key, String.valueOf(fallback));
            try {
                int value = Integer.parseInt(text);
                if (value >= 1) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw invalid(key, "'" + text + "' is not a whole number >= 1");
        }

        OnionServiceDefenses defenses() {
            OnionServiceDefenses defaults = OnionServiceDefenses.defaults();
            return OnionServiceDefenses.of(
                wholeNumber(MAX_STREAMS, OnionServiceDefenses.MOST_STREAMS).orElse(defaults.maxStreams()),
                bool(MAX_STREAMS_CLOSE_CIRCUIT, defaults.closesCircuitOverMaxStreams()),
                bool(POW_ENABLED, defaults.hasProofOfWork()),
                wholeNumber(POW_QUEUE_RATE, Integer.MAX_VALUE),
                wholeNumber(POW_QUEUE_BURST, Integer.MAX_VALUE));
        }

        // Absent: empty, so that tor's own default applies.
        OptionalInt wholeNumber(String key, int most) {
            Optional<String> text = optionalString(key);
            if (text.isEmpty()) {
                return OptionalInt.empty();
            }
            try {
                int value = Integer.parseInt(text.get());
                if (value >= 0 && value <= most) {
                    return OptionalInt.of(value);
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw invalid(key, "'" + text.get() + "' is not a whole number from 0 to " + most);
        }

        DiscoverySettings dnsDiscovery() {
            Optional<InetSocketAddress> resolver = optionalString(DNS_RESOLVER).map(this::resolver);
            DnssecPolicy dnssec;
            try {
                dnssec = DnssecPolicy.parse(string(DNS_DNSSEC, DnssecPolicy.REQUIRE.asString()));
            } catch (IllegalArgumentException e) {
                throw invalid(DNS_DNSSEC, e.getMessage());
            }
            Optional<Path> anchor = optionalString(DNS_TRUST_ANCHOR).map(this::resolve);
            anchor.filter(file -> !Files.isReadable(file)).ifPresent(file -> {
                throw invalid(DNS_TRUST_ANCHOR, file + " is not a readable file");
            });
            Duration timeout;
            String timeoutText = string(DNS_TIMEOUT, "5 seconds");
            try {
                timeout = DurationParser.parse(timeoutText, ChronoUnit.SECONDS);
            } catch (RuntimeException e) {
                throw invalid(DNS_TIMEOUT, "'" + timeoutText + "' is not a duration such as \"5 seconds\"");
            }
            try {
                return DiscoverySettings.of(resolver, dnssec, anchor, timeout);
            } catch (IllegalArgumentException e) {
                throw invalid(dnssec == DnssecPolicy.OFF ? DNS_TRUST_ANCHOR : DNS_DNSSEC, e.getMessage());
            }
        }

        private InetSocketAddress resolver(String text) {
            try {
                return DiscoverySettings.parseResolver(text);
            } catch (IllegalArgumentException e) {
                throw invalid(DNS_RESOLVER, e.getMessage());
            }
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
        return "SmtorpConfiguration(" + mode.asString() + ", identity " + identityDirectory + ", SOCKS "
            + socks.getAddress().getHostAddress() + ":" + socks.getPort() + ", onion port "
            + virtualPort + " -> " + target.getHostString() + ":" + target.getPort() + ", " + defenses
            + dnsDiscovery.map(settings -> ", " + settings).orElse(", DNS discovery off") + ")";
    }
}
