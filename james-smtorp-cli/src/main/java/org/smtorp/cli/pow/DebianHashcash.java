/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code hashcash} tool as a benchmark peer: timed mints, with the tries
 * its {@code -v} output reports, and its own {@code -s} speed report.
 */
final class DebianHashcash {
    private static final Pattern TRIES = Pattern.compile("(?m)^tries: (\\d+)");
    private static final Pattern SPEED = Pattern.compile("(\\d+) preimage tests per second");

    private DebianHashcash() {
    }

    /** Whether the tool runs here. */
    static boolean isInstalled() {
        try {
            run(List.of("hashcash", "-s", "-b", "1"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Mints one stamp; returns {tries, wall nanoseconds}. */
    static long[] mint(int bits, String resource) throws IOException {
        long started = System.nanoTime();
        String output = run(List.of("hashcash", "-m", "-v", "-b", String.valueOf(bits), resource));
        long elapsed = System.nanoTime() - started;
        Matcher tries = TRIES.matcher(output);
        if (!tries.find()) {
            throw new IOException("hashcash -m -v printed no tries: " + output);
        }
        return new long[] {Long.parseLong(tries.group(1)), elapsed};
    }

    /** The tool's {@code hashcash -s} report, in SHA-1 tries per second. */
    static Optional<Long> selfReportedSpeed() throws IOException {
        Matcher speed = SPEED.matcher(run(List.of("hashcash", "-s")));
        return speed.find() ? Optional.of(Long.parseLong(speed.group(1))) : Optional.empty();
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("hashcash did not finish: " + command);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashcash ran", e);
        }
        return output;
    }
}
