/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.LexicalHandler;
import org.xml.sax.helpers.DefaultHandler;

/**
 * An XML file read by the JDK's parser, each element with its place in the text: the
 * merges insert our elements at those offsets, so every other byte of an administrator's
 * file (comments, indentation, attribute order) stays as it was. DTDs and external
 * entities are refused: a configuration file needs neither.
 */
final class XmlOutline {
    private final String text;
    private final Element root;
    private final List<String> comments;

    private XmlOutline(String text, Element root, List<String> comments) {
        this.text = text;
        this.root = root;
        this.comments = List.copyOf(comments);
    }

    /** The text of every comment: where an administrator keeps what they switched off. */
    List<String> comments() {
        return comments;
    }

    /** Parses {@code text}; a file that is not well-formed XML is refused, naming {@code file} and the line. */
    static XmlOutline parse(String text, String file) {
        Builder builder = new Builder(text);
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty("http://xml.org/sax/properties/lexical-handler", builder);
            parser.parse(new InputSource(new StringReader(text)), builder);
        } catch (SAXParseException e) {
            throw new InstallRefusal(file + " is not well-formed XML (line " + e.getLineNumber() + "): "
                + e.getMessage());
        } catch (SAXException | ParserConfigurationException | IOException e) {
            throw new InstallRefusal(file + " could not be read as XML: " + e.getMessage());
        }
        return new XmlOutline(text, builder.root, builder.comments);
    }

    String text() {
        return text;
    }

    Element root() {
        return root;
    }

    /** The whitespace that starts the line {@code offset} is on. */
    String indentAt(int offset) {
        int lineStart = lineStart(offset);
        int end = lineStart;
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
            end++;
        }
        return text.substring(lineStart, end);
    }

    int lineStart(int offset) {
        int index = offset;
        while (index > 0 && text.charAt(index - 1) != '\n' && text.charAt(index - 1) != '\r') {
            index--;
        }
        return index;
    }

    /** The line separator the file uses (CRLF when its first line ends so). */
    String lineSeparator() {
        int newline = text.indexOf('\n');
        return newline > 0 && text.charAt(newline - 1) == '\r' ? "\r\n" : "\n";
    }

    /** One element: name, attributes, its own text, children, and where it starts and ends in the file. */
    static final class Element {
        private final String name;
        private final Map<String, String> attributes;
        private final int start;
        private final int startTagEnd;
        private final List<Element> children = new ArrayList<>();
        private final StringBuilder ownText = new StringBuilder();
        private int end;

        private Element(String name, Map<String, String> attributes, int start, int startTagEnd) {
            this.name = name;
            this.attributes = attributes;
            this.start = start;
            this.startTagEnd = startTagEnd;
        }

        String name() {
            return name;
        }

        Optional<String> attribute(String attribute) {
            return Optional.ofNullable(attributes.get(attribute));
        }

        /** The element's own character data, trimmed (children's text excluded). */
        String text() {
            return ownText.toString().trim();
        }

        List<Element> children() {
            return List.copyOf(children);
        }

        List<Element> children(String childName) {
            return children.stream().filter(child -> child.name.equals(childName)).collect(Collectors.toList());
        }

        Optional<Element> child(String childName) {
            return children.stream().filter(child -> child.name.equals(childName)).findFirst();
        }

        /** This element and all below it, depth first, that {@code test} accepts. */
        List<Element> descendants(Predicate<Element> test) {
            List<Element> found = new ArrayList<>();
            collect(test, found);
            return found;
        }

        private void collect(Predicate<Element> test, List<Element> found) {
            if (test.test(this)) {
                found.add(this);
            }
            children.forEach(child -> child.collect(test, found));
        }

        /** Offset of the {@code <} that opens the element. */
        int start() {
            return start;
        }

        /** Offset just after the start tag's {@code >}. */
        int startTagEnd() {
            return startTagEnd;
        }

        /** Offset just after the end tag (or of an empty element's {@code />}). */
        int end() {
            return end;
        }

        /** Written {@code <name/>}: no end tag to insert before. */
        boolean isSelfClosing() {
            return end == startTagEnd;
        }

        /** Offset of the {@code </name>} that closes the element; {@link #end()} for an empty element. */
        int endTagStart(String text) {
            return end == startTagEnd ? end : text.lastIndexOf("</", end - 1);
        }

        @Override
        public String toString() {
            return "<" + name + attributes + ">";
        }
    }

    // Element offsets from the parser's locator (line and column just past each tag).
    private static final class Builder extends DefaultHandler implements LexicalHandler {
        private final List<String> comments = new ArrayList<>();
        private final String text;
        private final int[] lineStarts;
        private final Deque<Element> open = new ArrayDeque<>();
        private Locator locator;
        private Element root;

        Builder(String text) {
            this.text = text;
            this.lineStarts = lineStarts(text);
        }

        private static int[] lineStarts(String text) {
            List<Integer> starts = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                    starts.add(i + 1);
                }
            }
            return starts.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public void setDocumentLocator(Locator value) {
            this.locator = value;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            int tagEnd = offset();
            // '<' never occurs unescaped inside a tag, so the last one before its end opens it.
            int start = text.lastIndexOf('<', tagEnd - 1);
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                values.put(attributes.getQName(i), attributes.getValue(i));
            }
            Element element = new Element(qName, values, start, tagEnd);
            if (open.isEmpty()) {
                root = element;
            } else {
                open.peek().children.add(element);
            }
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop().end = offset();
        }

        @Override
        public void comment(char[] ch, int start, int length) {
            comments.add(new String(ch, start, length));
        }

        @Override
        public void startDTD(String name, String publicId, String systemId) {
        }

        @Override
        public void endDTD() {
        }

        @Override
        public void startEntity(String name) {
        }

        @Override
        public void endEntity(String name) {
        }

        @Override
        public void startCDATA() {
        }

        @Override
        public void endCDATA() {
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!open.isEmpty()) {
                open.peek().ownText.append(ch, start, length);
            }
        }

        private int offset() {
            return lineStarts[locator.getLineNumber() - 1] + locator.getColumnNumber() - 1;
        }
    }
}
