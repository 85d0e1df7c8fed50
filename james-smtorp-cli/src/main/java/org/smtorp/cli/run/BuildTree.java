/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The repository this CLI was built in: run starts James from the build's drop-in set,
 * as the James class path ({@link org.smtorp.lab.james.JamesDistribution}) is the build's
 * too. {@code bin/smtorp} passes {@code -Dsmtorp.home}; without it, the CLI jar's place
 * ({@code james-smtorp-cli/target/}) tells.
 */
final class BuildTree {
    private static final String DROP_IN_SET = "james-smtorp-extension/target/extensions-jars";

    private BuildTree() {
    }

    static Path extensionsJars() {
        Path jars = root().resolve(DROP_IN_SET);
        if (!Files.isDirectory(jars)) {
            throw new IllegalStateException("no drop-in set in " + jars + ": build it with mvn package");
        }
        return jars;
    }

    static Path root() {
        String home = System.getProperty("smtorp.home");
        if (home != null) {
            return Paths.get(home);
        }
        try {
            Path jar = Paths.get(BuildTree.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // james-smtorp-cli/target/james-smtorp-cli.jar or james-smtorp-cli/target/classes
            return jar.getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the smtorp jar is; set -Dsmtorp.home", e);
        }
    }
}
