/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .properties} file edited as text, so the shipped file's comments stay where the
 * operator reads them: a key's line (or its commented-out example, {@code #key=...}) gets
 * the new value in place; keys the file does not mention are appended.
 */
public final class PropertiesText {
    private static final Pattern KEY_LINE = Pattern.compile("^\\s*(#\\s*)?([A-Za-z0-9_.-]+)\\s*[=:].*$");

    private PropertiesText() {
    }

    public static String set(String text, Map<String, String> values) {
        Map<String, String> pending = new LinkedHashMap<>(values);
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            Matcher matcher = KEY_LINE.matcher(line);
            if (matcher.matches() && values.containsKey(matcher.group(2))) {
                String key = matcher.group(2);
                boolean commented = matcher.group(1) != null;
                if (!pending.containsKey(key)) {
                    // Set already: drop a second active line, keep a second example.
                    if (commented) {
                        out.add(line);
                    }
                    continue;
                }
                out.add(key + "=" + escape(pending.remove(key)));
            } else {
                out.add(line);
            }
        }
        if (out.size() > 0 && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        pending.forEach((key, value) -> out.add(key + "=" + escape(value)));
        return String.join("\n", out) + "\n";
    }

    // Backslashes are escapes in .properties; paths and passwords must survive.
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
