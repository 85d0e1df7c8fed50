/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The two settings of {@code smtorp.properties} install needs to fill in the onion listener:
 * where the identity is ({@code identity.directory}, relative to James's working directory)
 * and the listener's port ({@code onion.target}). The extension reads the same keys.
 */
final class SmtorpSettings {
    static final String FILE = "smtorp.properties";
    private static final String IDENTITY = "identity.directory";
    private static final String TARGET = "onion.target";
    /** The one secret smtorp.properties may hold: the file is then owner-only, the value never shown. */
    static final String CONTROL_PASSWORD = "tor.control.password";

    private final Path identityDirectory;
    private final int listenerPort;

    private SmtorpSettings(Path identityDirectory, int listenerPort) {
        this.identityDirectory = identityDirectory;
        this.listenerPort = listenerPort;
    }

    static SmtorpSettings of(String text, Path home) {
        Properties properties = load(text);
        String identity = required(properties, IDENTITY);
        String target = required(properties, TARGET);
        int colon = target.lastIndexOf(':');
        String host = colon < 0 ? "" : target.substring(0, colon);
        if (!host.equals("127.0.0.1")) {
            throw new InstallRefusal(FILE + ": " + TARGET + "=" + target + " is not 127.0.0.1:PORT; the onion listener"
                + " binds loopback only");
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = 0;
        }
        if (port < 1 || port > 65535) {
            throw new InstallRefusal(FILE + ": " + TARGET + "=" + target + " has no port 1 to 65535");
        }
        return new SmtorpSettings(home.resolve(identity).normalize(), port);
    }

    static boolean holdsControlPassword(String text) {
        return !load(text).getProperty(CONTROL_PASSWORD, "").isBlank();
    }

    private static Properties load(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key, "").trim();
        if (value.isEmpty()) {
            throw new InstallRefusal(FILE + " has no " + key);
        }
        return value;
    }

    Path identityDirectory() {
        return identityDirectory;
    }

    int listenerPort() {
        return listenerPort;
    }
}
