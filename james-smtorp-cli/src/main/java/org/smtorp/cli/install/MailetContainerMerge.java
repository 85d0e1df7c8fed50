/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Our mailets ({@code conf/mailetcontainer-onion.xml}, shaped as James's own file) join the
 * processors of the same state in James's {@code mailetcontainer.xml}: {@code relay} before
 * its RemoteDelivery, {@code local-delivery} before its LocalDelivery. A file without
 * {@code <mailetcontainer>} or without a {@code relay} processor is not one we can merge
 * into and is refused. A processor that holds any of our mailets already, or comments one out,
 * is left alone.
 */
final class MailetContainerMerge {
    static final String FILE = "mailetcontainer.xml";
    private static final String SNIPPET = "conf/mailetcontainer-onion.xml";
    // Where each processor of the snippet goes: before this mailet of James's, by its short or full name.
    private static final Map<String, String> BEFORE = Map.of(
        "relay", "RemoteDelivery",
        "local-delivery", "LocalDelivery");
    private static final String JAMES_MAILETS = "org.apache.james.transport.mailets.";

    private MailetContainerMerge() {
    }

    /** The file with our mailets added; empty when every processor of the snippet is there already. */
    static Optional<String> merge(String container, String snippet) {
        XmlOutline file = XmlOutline.parse(container, FILE);
        if (!file.root().name().equals("mailetcontainer")) {
            throw new InstallRefusal(FILE + " is not James's: its root element is <" + file.root().name()
                + ">, not <mailetcontainer>");
        }
        if (processor(file, "relay").isEmpty()) {
            throw new InstallRefusal(FILE + " has no <processor state=\"relay\">, where James's sample configurations"
                + " deliver remote mail: add our mailets (" + SNIPPET + ") by hand before your RemoteDelivery");
        }
        XmlOutline ours = XmlOutline.parse(snippet, SNIPPET);
        List<Insertion> insertions = new ArrayList<>();
        for (XmlOutline.Element part : processors(ours)) {
            String state = part.attribute("state").orElseThrow();
            Set<String> classes = mailetClasses(part);
            if (!file.root().descendants(element -> element.name().equals("mailet")
                    && classes.contains(element.attribute("class").orElse(""))).isEmpty()
                    || commentedOut(file, classes)) {
                continue;
            }
            insertions.add(insertion(file, ours, part, state));
        }
        if (insertions.isEmpty()) {
            return Optional.empty();
        }
        String merged = Insertion.apply(container, insertions);
        XmlOutline.parse(merged, FILE);
        return Optional.of(merged);
    }

    /** The snippet's processors, e.g. for {@code smtorp run} to set mailet parameters. */
    static List<XmlOutline.Element> processors(XmlOutline snippet) {
        return snippet.root().child("processors").map(processors -> processors.children("processor"))
            .orElseThrow(() -> new IllegalStateException(SNIPPET + " has no <processors>"));
    }

    private static Insertion insertion(XmlOutline file, XmlOutline ours, XmlOutline.Element part, String state) {
        String anchorClass = BEFORE.get(state);
        if (anchorClass == null) {
            throw new IllegalStateException(SNIPPET + ": install does not know where processor " + state + " goes");
        }
        TextBlock block = block(ours, part);
        Optional<XmlOutline.Element> target = processor(file, state);
        Optional<XmlOutline.Element> anchor = target.flatMap(processor -> firstMailet(processor, anchorClass));
        if (anchor.isPresent()) {
            return Insertion.linesBefore(file, anchor.get().start(), block);
        }
        if (target.isPresent()) {
            // Without James's mailet in it, ours come first: nothing before them can take the mail elsewhere.
            return first(file, target.get(), block);
        }
        // The JPA app's sample has no local-delivery processor: its transport holds LocalDelivery.
        return file.root().descendants(element -> element.name().equals("processor")).stream()
            .flatMap(processor -> firstMailet(processor, anchorClass).stream())
            .findFirst()
            .map(mailet -> Insertion.linesBefore(file, mailet.start(), block))
            .orElseThrow(() -> new InstallRefusal(FILE + " has no <processor state=\"" + state + "\"> and no "
                + anchorClass + " mailet: add " + SNIPPET + "'s " + state + " mailets by hand"));
    }

    private static Insertion first(XmlOutline file, XmlOutline.Element processor, TextBlock block) {
        List<XmlOutline.Element> children = processor.children();
        if (!children.isEmpty()) {
            return Insertion.linesBefore(file, children.get(0).start(), block);
        }
        return Insertion.asContent(file, processor, "    ", block);
    }

    // The processor's content as written, comments included, with a line naming where it came from.
    private static TextBlock block(XmlOutline ours, XmlOutline.Element part) {
        String text = ours.text();
        int from = ours.lineStart(firstNode(text, part));
        int to = part.endTagStart(text);
        String content = text.substring(from, to);
        String indent = ours.indentAt(part.children().get(0).start());
        return TextBlock.of(indent + "<!-- SMTorP (" + SNIPPET + "), added by smtorp install -->\n"
            + content.stripTrailing() + "\n", indent).beforeBlankLine();
    }

    // The first comment or element in the processor: its comments belong to the mailets they describe.
    private static int firstNode(String text, XmlOutline.Element part) {
        int index = part.startTagEnd();
        while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
            index++;
        }
        return index;
    }

    private static Optional<XmlOutline.Element> processor(XmlOutline file, String state) {
        return file.root().child("processors").flatMap(processors -> processors.children("processor").stream()
            .filter(processor -> processor.attribute("state").orElse("").equals(state))
            .findFirst());
    }

    private static Optional<XmlOutline.Element> firstMailet(XmlOutline.Element processor, String mailetClass) {
        return processor.children("mailet").stream()
            .filter(mailet -> {
                String name = mailet.attribute("class").orElse("");
                return name.equals(mailetClass) || name.equals(JAMES_MAILETS + mailetClass);
            })
            .findFirst();
    }

    // An administrator who switched one of our mailets off by commenting it out meant it: the docker
    // entry point runs install at every start and must not switch it back on.
    private static boolean commentedOut(XmlOutline file, Set<String> classes) {
        return file.comments().stream().anyMatch(comment -> classes.stream()
            .anyMatch(mailetClass -> comment.contains("class=\"" + mailetClass + "\"")));
    }

    private static Set<String> mailetClasses(XmlOutline.Element processor) {
        return processor.children("mailet").stream()
            .map(mailet -> mailet.attribute("class").orElse(""))
            .collect(Collectors.toSet());
    }
}
