/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.smtorp.extension.tor.TorMode;

/**
 * What {@code smtorp run} was asked for, checked as a whole in {@link Builder#build()}: each
 * refusal names the option, so bad input fails before James starts.
 */
final class RunSettings {
    static final Endpoint DEFAULT_LISTEN = Endpoint.of(2525);
    static final Endpoint DEFAULT_SUBMISSION = Endpoint.of(5870);
    static final Endpoint DEFAULT_WEBADMIN = Endpoint.of(8000);
    /** Our managed tor's SOCKS port: clear of a system tor's, which has tor's default. */
    static final Endpoint DEFAULT_MANAGED_SOCKS = Endpoint.of(9060);
    /** The SOCKS port of a tor that runs already (attach, static, none): tor's own default. */
    static final Endpoint DEFAULT_RUNNING_TOR_SOCKS = Endpoint.of(9050);

    private final Path directory;
    private final TorMode mode;
    private final Endpoint listen;
    private final Endpoint submission;
    private final Endpoint webAdmin;
    private final Endpoint socks;
    private final String torBinary;
    private final Optional<Path> torrcInclude;
    private final Optional<Endpoint> control;
    private final Optional<Path> cookieFile;
    private final Optional<Path> passwordFile;
    private final Optional<Path> hiddenServiceDirectory;

    private RunSettings(Builder builder) {
        this.directory = builder.directory.toAbsolutePath().normalize();
        this.mode = builder.mode;
        this.listen = builder.listen;
        this.submission = builder.submission;
        this.webAdmin = builder.webAdmin;
        this.socks = builder.socks.orElse(builder.mode == TorMode.MANAGED ? DEFAULT_MANAGED_SOCKS
            : DEFAULT_RUNNING_TOR_SOCKS);
        this.torBinary = builder.torBinary;
        this.torrcInclude = builder.torrcInclude.map(RunSettings::absolute);
        this.control = builder.control;
        this.cookieFile = builder.cookieFile.map(RunSettings::absolute);
        this.passwordFile = builder.passwordFile.map(RunSettings::absolute);
        this.hiddenServiceDirectory = builder.hiddenServiceDirectory.map(RunSettings::absolute);
    }

    static Builder builder(Path directory, TorMode mode) {
        return new Builder(directory, mode);
    }

    static final class Builder {
        private final Path directory;
        private final TorMode mode;
        private Endpoint listen = DEFAULT_LISTEN;
        private Endpoint submission = DEFAULT_SUBMISSION;
        private Endpoint webAdmin = DEFAULT_WEBADMIN;
        private Optional<Endpoint> socks = Optional.empty();
        private String torBinary = "tor";
        private Optional<Path> torrcInclude = Optional.empty();
        private Optional<Endpoint> control = Optional.empty();
        private Optional<Path> cookieFile = Optional.empty();
        private Optional<Path> passwordFile = Optional.empty();
        private Optional<Path> hiddenServiceDirectory = Optional.empty();

        private Builder(Path directory, TorMode mode) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.mode = Objects.requireNonNull(mode, "mode");
        }

        Builder listen(Endpoint value) {
            this.listen = value;
            return this;
        }

        Builder submission(Endpoint value) {
            this.submission = value;
            return this;
        }

        Builder webAdmin(Endpoint value) {
            this.webAdmin = value;
            return this;
        }

        /** Without one, the default of the mode: 9060 for our managed tor, tor's 9050 otherwise. */
        Builder socks(Optional<Endpoint> value) {
            this.socks = value;
            return this;
        }

        Builder torBinary(String value) {
            this.torBinary = value;
            return this;
        }

        Builder torrcInclude(Optional<Path> value) {
            this.torrcInclude = value;
            return this;
        }

        Builder control(Optional<Endpoint> value) {
            this.control = value;
            return this;
        }

        Builder cookieFile(Optional<Path> value) {
            this.cookieFile = value;
            return this;
        }

        Builder passwordFile(Optional<Path> value) {
            this.passwordFile = value;
            return this;
        }

        Builder hiddenServiceDirectory(Optional<Path> value) {
            this.hiddenServiceDirectory = value;
            return this;
        }

        RunSettings build() {
            String tor = "--tor " + mode.asString();
            if (mode == TorMode.ATTACH) {
                require(control.isPresent(), "--control HOST:PORT is required with " + tor);
                require(cookieFile.isPresent() != passwordFile.isPresent(),
                    "give exactly one of --control-cookie FILE and --control-password-file FILE with " + tor);
            } else {
                refuse(control.isPresent() || cookieFile.isPresent() || passwordFile.isPresent(),
                    "--control, --control-cookie and --control-password-file are for --tor attach, not " + tor);
            }
            if (mode == TorMode.STATIC) {
                require(hiddenServiceDirectory.isPresent(), "--hidden-service-dir DIR is required with " + tor);
            } else {
                refuse(hiddenServiceDirectory.isPresent(), "--hidden-service-dir is for --tor static, not " + tor);
            }
            refuse(mode != TorMode.MANAGED && torrcInclude.isPresent(), "--torrc-include is for --tor managed, not " + tor);
            checkDistinct();
            return new RunSettings(this);
        }

        private void checkDistinct() {
            Map<String, Endpoint> listeners = listeners(mode, listen, submission, webAdmin,
                socks.orElse(DEFAULT_MANAGED_SOCKS));
            List<String> seen = new ArrayList<>();
            listeners.forEach((option, endpoint) -> {
                for (String earlier : seen) {
                    refuse(listeners.get(earlier).equals(endpoint),
                        option + " " + endpoint + " is the port of " + earlier + " already");
                }
                seen.add(option);
            });
        }

        private static void require(boolean condition, String message) {
            refuse(!condition, message);
        }

        private static void refuse(boolean condition, String message) {
            if (condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    /** The listeners run binds, by option name, for a check that they are free. */
    Map<String, Endpoint> listeners() {
        return listeners(mode, listen, submission, webAdmin, socks);
    }

    private static Map<String, Endpoint> listeners(TorMode mode, Endpoint listen, Endpoint submission,
                                                   Endpoint webAdmin, Endpoint socks) {
        Map<String, Endpoint> listeners = new LinkedHashMap<>();
        listeners.put("--listen", listen);
        listeners.put("--submission", submission);
        listeners.put("--webadmin", webAdmin);
        if (mode == TorMode.MANAGED) {
            listeners.put("--socks", socks);
        }
        return listeners;
    }

    /**
     * {@code smtorp.properties} keys for these settings. Tor's data directory, the pins and the
     * announced addresses are outside James's working directory, which run writes afresh at each
     * start: tor keeps its cached consensus, and what delivery learnt survives restarts.
     */
    Map<String, String> smtorpProperties(String controlPassword) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tor.mode", mode.asString());
        keys.put("identity.directory", directory.toString());
        keys.put("onion.target", listen.asString());
        // Outside James's working directory, which run rewrites: recorded announcements must survive restarts.
        keys.put("announce.directory", directory.resolve("announced").toString());
        // First-use pins: a pin forgotten at restart would trust whatever key an onion shows next.
        keys.put("pins.directory", directory.resolve("pins").toString());
        // In every mode: onion delivery goes through this SOCKS port, our tor's or one that runs already.
        keys.put("tor.socks", socks.asString());
        if (mode == TorMode.MANAGED) {
            keys.put("tor.binary", torBinary);
            keys.put("tor.dataDirectory", torDataDirectory().toString());
            torrcInclude.ifPresent(file -> keys.put("tor.torrcInclude", file.toString()));
        }
        control.ifPresent(endpoint -> keys.put("tor.control", endpoint.asString()));
        cookieFile.ifPresent(file -> keys.put("tor.control.cookieFile", file.toString()));
        passwordFile.ifPresent(file -> keys.put("tor.control.password", controlPassword));
        hiddenServiceDirectory.ifPresent(dir -> keys.put("tor.hiddenServiceDirectory", dir.toString()));
        return keys;
    }

    Path directory() {
        return directory;
    }

    Path jamesDirectory() {
        return directory.resolve("james");
    }

    Path torDataDirectory() {
        return directory.resolve("tor");
    }

    TorMode mode() {
        return mode;
    }

    Endpoint listen() {
        return listen;
    }

    Endpoint submission() {
        return submission;
    }

    Endpoint webAdmin() {
        return webAdmin;
    }

    Endpoint socks() {
        return socks;
    }

    Optional<Endpoint> control() {
        return control;
    }

    Optional<Path> passwordFile() {
        return passwordFile;
    }

    Optional<Path> hiddenServiceDirectory() {
        return hiddenServiceDirectory;
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
