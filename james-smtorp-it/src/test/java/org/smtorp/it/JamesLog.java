/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A James's {@code james.log} read as records: a line that starts with the time of day, with
 * the lines that continue it (a stack trace, a leak report). For what only the log can tell:
 * how much it grew, and what James reports nowhere else.
 */
final class JamesLog {
    private static final Pattern RECORD_START = Pattern.compile("(?m)^(?=\\d{2}:\\d{2}:\\d{2}\\.\\d{3} )");

    private final Path file;

    JamesLog(Path file) {
        this.file = file;
    }

    /** Where the log ends now: a mark to read what comes after. */
    long end() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything written after {@code mark}. */
    String since(long mark) {
        try {
            byte[] log = Files.readAllBytes(file);
            int from = (int) Math.min(mark, log.length);
            return new String(log, from, log.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records written after {@code mark}, each with its continuation lines. */
    List<String> recordsSince(long mark) {
        List<String> records = new ArrayList<>();
        for (String record : RECORD_START.split(since(mark))) {
            if (!record.isEmpty()) {
                records.add(record);
            }
        }
        return records;
    }
}
