/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.Comparator;
import java.util.List;

/** Text to put in at an offset of a file's text, or in place of a range of it; nothing else of the file changes. */
final class Insertion {
    private final int offset;
    private final int end;
    private final String text;

    private Insertion(int offset, int end, String text) {
        this.offset = offset;
        this.end = end;
        this.text = text;
    }

    private Insertion(int offset, String text) {
        this(offset, offset, text);
    }

    static Insertion at(int offset, String text) {
        return new Insertion(offset, text);
    }

    /** {@code text} in place of the characters from {@code start} to {@code end}. */
    static Insertion replacing(int start, int end, String text) {
        return new Insertion(start, end, text);
    }

    /**
     * {@code block} as whole lines before the line of {@code anchor}, indented as that line: the
     * anchor element starts its line in every file James ships, and where it does not (another
     * element before it on the line), the block goes right before it.
     */
    static Insertion linesBefore(XmlOutline file, int anchor, TextBlock block) {
        String separator = file.lineSeparator();
        String indent = file.indentAt(anchor);
        int lineStart = file.lineStart(anchor);
        if (file.text().substring(lineStart, anchor).isBlank()) {
            return new Insertion(lineStart, block.indented(indent, separator) + separator);
        }
        return new Insertion(anchor, block.indented("", separator) + separator + indent);
    }

    /**
     * {@code block} as the content of {@code element}, which has no child elements, one
     * {@code indentUnit} deeper than it. A self-closing element ({@code <processor state="relay"/>})
     * gets an end tag: text inserted before its end would land after it, outside.
     */
    static Insertion asContent(XmlOutline file, XmlOutline.Element element, String indentUnit, TextBlock block) {
        if (!element.isSelfClosing()) {
            return linesBefore(file, element.endTagStart(file.text()), block.shifted(indentUnit));
        }
        String separator = file.lineSeparator();
        String indent = file.indentAt(element.start());
        // "/>" ends every self-closing tag: XML allows no space between them.
        return new Insertion(element.end() - 2, element.end(), ">" + separator
            + block.indented(indent + indentUnit, separator) + separator + indent + "</" + element.name() + ">");
    }

    /** {@code block} as whole lines after the element ending at {@code end}, indented as {@code indent}. */
    static Insertion linesAfter(XmlOutline file, int end, String indent, TextBlock block) {
        String separator = file.lineSeparator();
        return new Insertion(end, separator + block.indented(indent, separator));
    }

    /** {@code text} with every insertion made; offsets are those of the original text, ranges do not overlap. */
    static String apply(String text, List<Insertion> insertions) {
        StringBuilder out = new StringBuilder(text);
        insertions.stream()
            .sorted(Comparator.comparingInt((Insertion insertion) -> insertion.offset).reversed())
            .forEach(insertion -> out.replace(insertion.offset, insertion.end, insertion.text));
        return out.toString();
    }
}
