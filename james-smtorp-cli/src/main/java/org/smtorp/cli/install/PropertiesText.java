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
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern KEY_LINE = Pattern.compile("^\\s*(#\\s*)?([A-Za-z0-9_.-]+)\\s*[=:].*$");

    private PropertiesText() {
    }

    /**
     * {@code text} with each key of {@code values} set; a key that is not a plain name
     * ({@code [A-Za-z0-9_.-]+}) is refused with {@link IllegalArgumentException}.
     */
    public static String set(String text, Map<String, String> values) {
        values.keySet().stream().filter(key -> !PLAIN_KEY.matcher(key).matches()).findFirst().ifPresent(key -> {
            throw new IllegalArgumentException("not a key of smtorp.properties: \"" + key + "\"");
        });
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

    /**
     * {@code value} as a .properties value that reads back as itself both with
     * {@link java.util.Properties} and as James reads {@code smtorp.properties} (commons-configuration,
     * ISO-8859-1, ',' splits a list and getString takes its first item; leading spaces are lost either way, and the extension trims values): backslashes, line breaks
     * and commas escaped, anything outside printable ASCII as {@code \\uXXXX}.
     */
    static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\f': out.append("\\f"); break;
                case ',': out.append("\\,"); break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }
}
