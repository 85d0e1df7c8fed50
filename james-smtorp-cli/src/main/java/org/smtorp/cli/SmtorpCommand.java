/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import org.smtorp.cli.install.InstallCommand;
import org.smtorp.cli.pow.PowCommand;
import org.smtorp.cli.run.DemoCommand;
import org.smtorp.cli.run.RunCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code smtorp} command: one picocli class per subcommand. */
@Command(name = "smtorp",
    mixinStandardHelpOptions = true,
    versionProvider = SmtorpVersionProvider.class,
    description = "SMTorP: e-mail over Tor onion services, for Apache James.",
    subcommands = {InitCommand.class, InstallCommand.class, AddressCommand.class, CheckCommand.class, DnsRecordsCommand.class,
        ResolveCommand.class, AnnouncedCommand.class, PowCommand.class, RunCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class})
public final class SmtorpCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new SmtorpCommand())
            .setExecutionExceptionHandler(SmtorpCommand::report);
    }

    // Failures the user can act on print their message; anything else is a bug and keeps its trace.
    private static int report(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        if (e instanceof CliFailure || e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
            command.getErr().println(command.getCommandName() + ": " + describe(e));
            return 1;
        }
        e.printStackTrace(command.getErr());
        return 1;
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
