/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.pow;

import java.io.PrintStream;

import org.smtorp.protocol.pow.ProgressListener;

/**
 * A one-line progress bar on stderr, redrawn in place; only for a terminal, so
 * pipes and logs get no control characters.
 */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;

    private ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    /** A bar when a terminal is attached, else a listener that prints nothing. */
    static ProgressListener forTerminal(String label) {
        return System.console() != null ? new ProgressBar(System.err, label) : ProgressListener.NONE;
    }

    @Override
    public void onProgress(long triesDone, double expectedTries) {
        double ratio = triesDone / expectedTries;
        int filled = (int) Math.min(WIDTH, Math.round(ratio * WIDTH));
        out.printf("\r%s [%s%s] %3.0f%% of the expected tries", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
            ratio * 100);
        out.flush();
    }

    /** Clears the bar's line. */
    static void clear(ProgressListener listener) {
        if (listener instanceof ProgressBar) {
            ProgressBar bar = (ProgressBar) listener;
            bar.out.print("\r" + " ".repeat(bar.label.length() + WIDTH + 40) + "\r");
            bar.out.flush();
        }
    }
}
