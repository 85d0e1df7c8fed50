/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.smtorp.lab.Directories;
import org.smtorp.protocol.identity.ServerIdentity;

/** Where the build put what the integration tests use; failsafe passes these as system properties. */
final class IntegrationEnvironment {
    private IntegrationEnvironment() {
    }

    /** The drop-in set exactly as a user copies it: {@code james-smtorp-extension/target/extensions-jars}. */
    static Path extensionsJars() {
        return directory("smtorp.extensionsJars");
    }

    /** The repository's {@code conf/}, what an operator merges into James's configuration. */
    static Path smtorpConf() {
        return directory("smtorp.conf");
    }

    static String smtorpConfFile(String name) {
        try {
            return Files.readString(smtorpConf().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new identity in {@code workDir()/name}, whatever an earlier run left there. */
    static ServerIdentity freshIdentity(String name) {
        try {
            Path dir = workDir().resolve(name);
            Directories.deleteRecursively(dir);
            return ServerIdentity.create(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path workDir() {
        Path dir = Paths.get(required("smtorp.workDir"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory(String property) {
        Path dir = Paths.get(required(property));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(property + "=" + dir + " is not a directory; run the build with mvn verify");
        }
        return dir;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property
                + " is not set; run integration tests with mvn verify");
        }
        return value;
    }
}
