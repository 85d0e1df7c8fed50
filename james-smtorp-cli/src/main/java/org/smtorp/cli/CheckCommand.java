/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpAddress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smtorp check}: is this a valid SMTorP address, and what does it say? */
@Command(name = "check",
    description = {"Checks SMTorP addresses: prints each one's canonical form and parts, or what is wrong with it.",
        "Exits 0 when all are valid, 1 otherwise."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ADDRESS", arity = "1..*", description = "user@[fingerprint.]onion.onion")
    List<String> addresses;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean allValid = true;
        for (String text : addresses) {
            try {
                describe(out, SmtorpAddress.parse(text));
            } catch (InvalidAddressException e) {
                allValid = false;
                out.println(text);
                out.println("  invalid (" + e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + "): " + e.detail());
            }
        }
        return allValid ? 0 : 1;
    }

    private static void describe(PrintWriter out, SmtorpAddress address) {
        out.println(address.asString());
        out.println("  local part:  " + address.localPart());
        out.println("  onion:       " + address.onion().asString());
        out.println("  fingerprint: " + address.domain().fingerprint().map(CheckCommand::describe)
            .orElse("none: the first connection's key is pinned (trust on first use)"));
    }

    private static String describe(Fingerprint fingerprint) {
        return fingerprint.asString() + " (" + fingerprint.bits() + " bits"
            + (fingerprint.isFull() ? ", full" : ", abbreviated") + ")";
    }
}
