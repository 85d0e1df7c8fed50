/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Our values of James's comma-separated list keys ({@code guice.extension.module},
 * {@code additional.healthchecks}, {@code extensions.routes}...) added to an administrator's
 * {@code .properties} file: a value already listed stays as it is, a key's line gets ours
 * after its own values, a key the file lacks is appended. Every other line stays.
 */
final class PropertiesMerge {
    private static final Pattern ACTIVE_KEY = Pattern.compile("^\\s*([^#!\\s=:][^\\s=:]*)\\s*[=:\\s].*$|^\\s*([^#!\\s=:][^\\s=:]*)\\s*$");

    private PropertiesMerge() {
    }

    /** The values of each key of {@code shipped}, James's way: a comma-separated list. */
    static Map<String, List<String>> lists(String shipped) {
        Properties properties = load(shipped);
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            lists.put(key, split(properties.getProperty(key)));
        }
        return lists;
    }

    /** {@code text} with {@code ours} added; empty when every value is listed already. */
    static Optional<String> merge(String text, Map<String, List<String>> ours) {
        Properties theirs = load(text);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        boolean changed = false;
        for (Map.Entry<String, List<String>> key : ours.entrySet()) {
            List<String> present = split(theirs.getProperty(key.getKey(), ""));
            List<String> missing = key.getValue().stream().filter(value -> !present.contains(value))
                .collect(Collectors.toList());
            if (missing.isEmpty()) {
                continue;
            }
            List<String> all = new ArrayList<>(present);
            all.addAll(missing);
            String line = key.getKey() + "=" + String.join(",", all);
            int at = lastLineOf(lines, key.getKey());
            if (at < 0) {
                if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                    lines.remove(lines.size() - 1);
                }
                lines.add("# SMTorP, added by smtorp install");
                lines.add(line);
                lines.add("");
            } else {
                // A value continued over several lines becomes one line.
                int end = at;
                while (continues(lines.get(end)) && end + 1 < lines.size()) {
                    end++;
                }
                for (int i = end; i > at; i--) {
                    lines.remove(i);
                }
                lines.set(at, line);
            }
            changed = true;
        }
        return changed ? Optional.of(String.join("\n", lines)) : Optional.empty();
    }

    // The last active line of the key: Properties keeps the last value of a key written twice.
    private static int lastLineOf(List<String> lines, String key) {
        int found = -1;
        boolean continuation = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!continuation) {
                Matcher matcher = ACTIVE_KEY.matcher(line);
                if (matcher.matches() && key.equals(matcher.group(1) != null ? matcher.group(1) : matcher.group(2))) {
                    found = i;
                }
            }
            continuation = continues(line) && !line.stripLeading().startsWith("#");
        }
        return found;
    }

    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty())
            .collect(Collectors.toList());
    }

    private static Properties load(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
