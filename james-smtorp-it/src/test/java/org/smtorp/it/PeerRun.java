/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One finished run of a real client tool (swaks, openssl): its exit status and everything it printed. */
final class PeerRun {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<String> command;
    private final int exitCode;
    private final String output;

    private PeerRun(List<String> command, int exitCode, String output) {
        this.command = command;
        this.exitCode = exitCode;
        this.output = output;
    }

    /** Runs {@code command} with stdin at end of file, stdout and stderr together. */
    static PeerRun of(String... command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), command);
    }

    /** Runs {@code bin/smtorp} as built by this build (no rebuild while others edit the tree). */
    static PeerRun smtorp(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(java.nio.file.Paths.get(System.getProperty("smtorp.home")).resolve("bin/smtorp").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SMTORP_SKIP_BUILD", "1");
        return run(builder, command.toArray(new String[0]));
    }

    private static PeerRun run(ProcessBuilder builder, String... command) throws IOException, InterruptedException {
        // A file, not a pipe: a tool that hangs can not block the read, only the bounded wait.
        Path output = Files.createTempFile("peer-run", ".out");
        try {
            Process process = builder
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(output.toFile())
                .start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + TIMEOUT
                    + "; it printed:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new PeerRun(List.of(command), process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    int exitCode() {
        return exitCode;
    }

    String output() {
        return output;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
    }
}
