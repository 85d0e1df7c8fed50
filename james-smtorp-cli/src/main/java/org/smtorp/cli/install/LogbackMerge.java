/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Our INFO lines made visible: James's sample {@code logback.xml} sets the root level to WARN
 * and only {@code org.apache.james} to INFO, so "SMTorP extension loaded", the onion's READY
 * and every refusal an operator acts on would never show. Adds
 * {@code <logger name="org.smtorp" level="INFO"/>} after the file's last logger, unless a
 * logger for {@code org.smtorp} (or {@code org}) is there or the root level shows INFO already.
 */
final class LogbackMerge {
    static final String FILE = "logback.xml";
    private static final Set<String> COVERING_LOGGERS = Set.of("org.smtorp", "org");
    private static final Set<String> VERBOSE_LEVELS = Set.of("ALL", "TRACE", "DEBUG", "INFO");

    private LogbackMerge() {
    }

    static Optional<String> merge(String logback) {
        XmlOutline file = XmlOutline.parse(logback, FILE);
        if (!file.root().name().equals("configuration")) {
            throw new InstallRefusal(FILE + " is not a logback configuration: its root element is <"
                + file.root().name() + ">");
        }
        List<XmlOutline.Element> loggers = file.root().children("logger");
        boolean covered = loggers.stream().anyMatch(logger -> COVERING_LOGGERS.contains(logger.attribute("name").orElse("")));
        boolean verboseRoot = file.root().child("root").flatMap(root -> root.attribute("level"))
            .map(level -> VERBOSE_LEVELS.contains(level.toUpperCase(Locale.ROOT))).orElse(false);
        if (covered || verboseRoot) {
            return Optional.empty();
        }
        TextBlock logger = TextBlock.of("<!-- SMTorP's INFO lines (the onion's state, refusals to act on), added by"
            + " smtorp install -->\n<logger name=\"org.smtorp\" level=\"INFO\" />", "");
        Insertion insertion = loggers.isEmpty()
            ? Insertion.asContent(file, file.root(), indentUnit(file), logger)
            : Insertion.linesAfter(file, loggers.get(loggers.size() - 1).end(),
                file.indentAt(loggers.get(loggers.size() - 1).start()), logger);
        String merged = Insertion.apply(logback, List.of(insertion));
        XmlOutline.parse(merged, FILE);
        return Optional.of(merged);
    }

    // The indentation of the root's first child, so a new child lines up with it.
    private static String indentUnit(XmlOutline file) {
        List<XmlOutline.Element> children = file.root().children();
        return children.isEmpty() ? "    " : file.indentAt(children.get(0).start());
    }
}
