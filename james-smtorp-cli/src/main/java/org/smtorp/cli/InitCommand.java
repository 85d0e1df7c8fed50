/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.smtorp.protocol.identity.ServerIdentity;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smtorp init DIR}: a new server identity, made offline, so the address is known before tor runs. */
@Command(name = "init",
    description = {"Creates a server identity in DIR: the onion service key and the TLS key and certificate.",
        "Prints the server's SMTorP domain. Refuses to replace an existing identity unless --force is given."})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Directory for the identity (created owner-only).")
    Path directory;

    @Option(names = "--force", description = "Replace an identity DIR already holds (its onion address is lost).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!force && ServerIdentity.exists(directory)) {
            ServerIdentity existing = ServerIdentity.load(directory);
            throw new CliFailure(directory + " already holds the identity of " + existing.onion().asString()
                + "; add --force to replace it (that onion address would be lost)");
        }
        ServerIdentity identity = ServerIdentity.create(directory,
            force ? ServerIdentity.IfExists.REPLACE : ServerIdentity.IfExists.FAIL);
        out.println(identity.domain().asString());
        out.println();
        out.println("  onion service key:  " + identity.hiddenServiceDir().path());
        out.println("  TLS key store:      " + identity.keyStoreFile() + " (PKCS12)");
        out.println("  key store password: " + identity.keyStorePasswordFile());
        out.println();
        out.println("Addresses: smtorp address --dir " + directory + " USER");
        return 0;
    }
}
