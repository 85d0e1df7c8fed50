/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import org.smtorp.cli.pow.PowCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code smtorp} command: one picocli class per subcommand. */
@Command(name = "smtorp",
    mixinStandardHelpOptions = true,
    versionProvider = SmtorpVersionProvider.class,
    description = "SMTorP: e-mail over Tor onion services, for Apache James.",
    subcommands = {CommandLine.HelpCommand.class, PowCommand.class})
public final class SmtorpCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new SmtorpCommand());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
