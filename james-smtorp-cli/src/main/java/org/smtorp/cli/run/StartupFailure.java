/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one line of a James log that says why James did not start, instead of a stack trace
 * dump: a message naming a configuration file (ours name the file and key, e.g.
 * {@code smtorp.properties: tor.control: ...}), else the deepest cause, else the first error.
 */
final class StartupFailure {
    private static final Pattern NAMES_A_FILE = Pattern.compile("[\\w-]+\\.(properties|xml): .*");
    private static final Pattern CAUSE = Pattern.compile("^Caused by: (?:[\\w.$]+: )?(.*)$");
    private static final Pattern ERROR = Pattern.compile("^\\S*\\s*ERROR\\s+(.*)$");

    private StartupFailure() {
    }

    static String explain(String log) {
        List<String> all = Arrays.stream(log.split("\n"))
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("at ") && !line.startsWith("..."))
            .collect(Collectors.toList());
        // What James logged before the first error is start-up chatter, file names included.
        int firstError = 0;
        while (firstError < all.size() && !ERROR.matcher(all.get(firstError)).find()) {
            firstError++;
        }
        List<String> lines = firstError < all.size() ? all.subList(firstError, all.size()) : all;
        return first(lines, NAMES_A_FILE, 0)
            .or(() -> last(lines, CAUSE))
            .or(() -> first(lines, ERROR, 1))
            .orElse(lines.isEmpty() ? "James wrote nothing to its log" : lines.get(lines.size() - 1));
    }

    private static Optional<String> first(List<String> lines, Pattern pattern, int group) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.group(group));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> last(List<String> lines, Pattern pattern) {
        Optional<String> found = Optional.empty();
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                found = Optional.of(matcher.group(1));
            }
        }
        return found;
    }
}
