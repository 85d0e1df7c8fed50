/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.smtorp.cli.CliFailure;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code smtorp install JAMES_HOME}: SMTorP added to an existing James, its files merged with
 * an XML parser, each changed file's old version kept. A second run changes nothing.
 */
@Command(name = "install",
    description = {"Adds SMTorP to the James whose working directory is JAMES_HOME: copies the drop-in jars into",
        "extensions-jars/, merges conf/extensions.properties, healthcheck.properties and webadmin.properties,",
        "adds the onion listener to smtpserver.xml, SMTorP's mailets to mailetcontainer.xml, the onion domain to",
        "domainlist.xml and a logger org.smtorp at INFO to logback.xml, writes conf/smtorp.properties if missing,",
        "and makes the identity it names if it has none. Each changed file is kept as FILE.smtorp-backup-<UTC time>.",
        "Files that are not James's are refused, and then nothing is written. Running it again changes nothing."})
public final class InstallCommand implements Callable<Integer> {
    private static final String DROP_IN_SET = "james-smtorp-extension/target/extensions-jars";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "JAMES_HOME", description = "James's working directory (it holds conf/ and extensions-jars/).")
    Path home;

    @Option(names = "--dry-run", description = "Print what would change, and change nothing.")
    boolean dryRun;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = "Sets a key of conf/smtorp.properties (the shipped file when JAMES_HOME has none), e.g."
            + " --set tor.mode=attach --set tor.control=127.0.0.1:9051. Repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--jars", paramLabel = "DIR",
        description = "The drop-in set to copy. Default: " + DROP_IN_SET + " of this build.")
    Path jars;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        InstallPlan plan;
        try {
            plan = Installer.of(home, jars != null ? jars : defaultJars(), settings).plan(!dryRun);
        } catch (InstallRefusal e) {
            throw new CliFailure(e.getMessage() + "; nothing was written");
        }
        Path root = plan.home().root();
        plan.notes().forEach(note -> out.println("note: " + note));
        if (plan.isEmpty()) {
            out.println("Nothing to change: SMTorP is installed in " + root + " already.");
            return 0;
        }
        out.println((dryRun ? "Would change in " : "Changes in ") + root + ":");
        for (Change change : plan.changes()) {
            out.println("  " + change.path() + ": " + change.summary());
            if (dryRun) {
                change.diff().ifPresent(diff -> diff.lines().forEach(line -> out.println("      " + line)));
            }
        }
        if (dryRun) {
            out.println("Nothing written (--dry-run).");
            return 0;
        }
        List<Path> backups = plan.apply(Clock.systemUTC().instant());
        backups.forEach(backup -> out.println("  kept " + plan.home().relative(backup)));
        out.println("SMTorP installed for " + plan.domain() + ". Restart James; its log then shows"
            + " \"SMTorP extension loaded\".");
        return 0;
    }

    // The build this CLI belongs to (bin/smtorp passes -Dsmtorp.home), as smtorp run finds it.
    private static Path defaultJars() {
        String root = System.getProperty("smtorp.home");
        if (root == null) {
            throw new CliFailure("give --jars DIR: the drop-in set (" + DROP_IN_SET + " after mvn package)");
        }
        return Paths.get(root).resolve(DROP_IN_SET);
    }
}
