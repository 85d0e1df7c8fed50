/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import java.util.Optional;

import picocli.CommandLine;

/** The version from the jar manifest, so {@code smtorp --version} names the build that runs. */
final class SmtorpVersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Optional.ofNullable(SmtorpCommand.class.getPackage().getImplementationVersion())
            .orElse("development build");
        return new String[] {"smtorp " + version, "for Apache James 3.8.1"};
    }
}
