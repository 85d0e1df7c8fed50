/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lines of our own XML, moved into an administrator's file: indented as the lines they join,
 * with that file's line separator.
 */
final class TextBlock {
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private final List<String> lines;

    private TextBlock(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    /**
     * The lines of {@code text}; {@code baseIndent}, the indentation of its outermost elements,
     * is taken off each line that starts with it.
     */
    static TextBlock of(String text, String baseIndent) {
        List<String> lines = new ArrayList<>();
        for (String line : LINE_BREAK.split(text.strip(), -1)) {
            lines.add(line.startsWith(baseIndent) ? line.substring(baseIndent.length()) : line.strip());
        }
        return new TextBlock(lines);
    }

    /** The same lines after an empty one, to set the block apart from the element before it. */
    TextBlock afterBlankLine() {
        List<String> out = new ArrayList<>();
        out.add("");
        out.addAll(lines);
        return new TextBlock(out);
    }

    /** The same lines and an empty one, to set the block apart from the element after it. */
    TextBlock beforeBlankLine() {
        List<String> out = new ArrayList<>(lines);
        out.add("");
        return new TextBlock(out);
    }

    /** Each line one level deeper, by {@code indent}. */
    TextBlock shifted(String indent) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.isBlank() ? "" : indent + line);
        }
        return new TextBlock(out);
    }

    /** Each line with {@code indent} before it (blank lines stay empty), joined with {@code separator}. */
    String indented(String indent, String separator) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.isBlank() ? "" : indent + line);
        }
        return String.join(separator, out);
    }
}
