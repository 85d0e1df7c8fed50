/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code smtorp pow}: proof of work (XPOW and hashcash) from the command line. */
@Command(name = "pow",
    mixinStandardHelpOptions = true,
    description = "Proof of work: mint and verify hashcash stamps, benchmark the algorithms, check Equihash solutions.",
    subcommands = {PowMintCommand.class, PowVerifyCommand.class, PowBenchCommand.class, PowEquihashCommand.class})
public final class PowCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
