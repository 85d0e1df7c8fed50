/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** The demo's output: each step on one line with the seconds since the demo began. */
final class DemoSteps {
    private final PrintWriter out;
    private final Instant begin;

    DemoSteps(PrintWriter out, Instant begin) {
        this.out = out;
        this.begin = begin;
    }

    synchronized void print(String step) {
        out.printf("%6.1f s  %s%n", Duration.between(begin, Instant.now()).toMillis() / 1000.0, step);
        out.flush();
    }

    /** A line without a time: settings, hints. */
    synchronized void note(String line) {
        out.println(line);
        out.flush();
    }

    Instant begin() {
        return begin;
    }

    PrintWriter out() {
        return out;
    }
}
