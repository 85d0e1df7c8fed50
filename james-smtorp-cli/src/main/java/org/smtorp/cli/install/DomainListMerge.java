/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The onion domain in James's {@code domainlist.xml}, as a {@code <domainname>} of
 * {@code <domainnames>}: James adds configured domains at start, so mail to users at the
 * onion is local mail, and the onion listener's RCPT check accepts it.
 */
final class DomainListMerge {
    static final String FILE = "domainlist.xml";

    private DomainListMerge() {
    }

    static Optional<String> merge(String domainList, String onion) {
        XmlOutline file = XmlOutline.parse(domainList, FILE);
        if (!file.root().name().equals("domainlist")) {
            throw new InstallRefusal(FILE + " is not James's: its root element is <" + file.root().name()
                + ">, not <domainlist>");
        }
        Optional<XmlOutline.Element> names = file.root().child("domainnames");
        boolean listed = names.map(list -> list.children("domainname").stream()
            .anyMatch(name -> name.text().toLowerCase(Locale.ROOT).equals(onion.toLowerCase(Locale.ROOT))))
            .orElse(false);
        if (listed) {
            return Optional.empty();
        }
        String comment = "<!-- SMTorP's onion, added by smtorp install -->\n";
        Insertion insertion;
        if (names.isPresent() && !names.get().children().isEmpty()) {
            List<XmlOutline.Element> children = names.get().children();
            XmlOutline.Element last = children.get(children.size() - 1);
            insertion = Insertion.linesAfter(file, last.end(), file.indentAt(last.start()),
                TextBlock.of(comment + "<domainname>" + onion + "</domainname>", ""));
        } else if (names.isPresent()) {
            // <domainnames/> or an empty pair: a full element in its place.
            insertion = Insertion.replacing(names.get().start(), names.get().end(),
                "<domainnames>" + "<domainname>" + onion + "</domainname>" + "</domainnames>");
        } else {
            List<XmlOutline.Element> children = file.root().children();
            TextBlock block = TextBlock.of(comment + "<domainnames>\n    <domainname>" + onion
                + "</domainname>\n</domainnames>", "");
            insertion = children.isEmpty()
                ? Insertion.asContent(file, file.root(), "    ", block)
                : Insertion.linesBefore(file, children.get(0).start(), block);
        }
        String merged = Insertion.apply(domainList, List.of(insertion));
        XmlOutline.parse(merged, FILE);
        return Optional.of(merged);
    }
}
