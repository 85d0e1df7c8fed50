/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The onion listener ({@code conf/smtpserver-onion.xml}, filled in) joins the listeners of
 * James's {@code smtpserver.xml}, after the last one. A file whose root is not
 * {@code <smtpservers>} is not James's and is refused; a file that has our listener
 * already is left as it is.
 */
final class SmtpServersMerge {
    static final String FILE = "smtpserver.xml";
    private static final String ONION_JMX_NAME = "smtpserver-onion";
    private static final String OUR_PACKAGE = "org.smtorp.";
    private static final String GATEWAY_HANDLER = "org.smtorp.protocol.smtp.GatewayRcptHandler";

    private SmtpServersMerge() {
    }

    /** The file with our listener added; empty when it has one already. */
    static Optional<String> merge(String servers, String listenerSnippet, ListenerValues values) {
        XmlOutline file = XmlOutline.parse(servers, FILE);
        if (!file.root().name().equals("smtpservers")) {
            throw new InstallRefusal(FILE + " is not James's: its root element is <" + file.root().name()
                + ">, not <smtpservers>");
        }
        if (existing(file).isPresent() || file.comments().stream().anyMatch(SmtpServersMerge::isOurCommentedOut)) {
            return Optional.empty();
        }
        XmlOutline snippet = XmlOutline.parse(filled(listenerSnippet, values), "conf/smtpserver-onion.xml");
        XmlOutline.Element listener = snippet.root();
        TextBlock block = TextBlock.of("<!-- SMTorP's onion listener (conf/smtpserver-onion.xml), added by smtorp install."
            + " It trusts nobody: tor forwards the whole Tor network to it. -->\n"
            + snippet.text().substring(listener.start(), listener.end()), "");
        List<XmlOutline.Element> listeners = file.root().children("smtpserver");
        Insertion insertion = listeners.isEmpty()
            ? Insertion.linesBefore(file, file.root().endTagStart(servers), block.shifted("    "))
            : Insertion.linesAfter(file, last(listeners).end(), file.indentAt(last(listeners).start()),
                block.afterBlankLine());
        String merged = Insertion.apply(servers, List.of(insertion));
        XmlOutline.parse(merged, FILE);
        return Optional.of(merged);
    }

    /** Our listener in {@code servers}, if it has one: by its JMX name or a handler of ours. */
    static Optional<XmlOutline.Element> existing(XmlOutline servers) {
        return servers.root().children("smtpserver").stream().filter(SmtpServersMerge::isOurs).findFirst();
    }

    // Our listener switched off by the administrator, commented out: left off (docker runs install at every start).
    private static boolean isOurCommentedOut(String comment) {
        return comment.contains("<jmxName>" + ONION_JMX_NAME + "</jmxName>");
    }

    // The gateway listener (conf/smtpserver-gateway.xml) has a handler of ours too, but is no onion listener:
    // an administrator who added it first must still get the onion listener.
    private static boolean isOurs(XmlOutline.Element listener) {
        boolean named = listener.child("jmxName").map(name -> name.text().equals(ONION_JMX_NAME)).orElse(false);
        return named || !listener.descendants(element -> element.name().equals("handler")
            && element.attribute("class").map(SmtpServersMerge::isOnionListenerHandler).orElse(false)).isEmpty();
    }

    private static boolean isOnionListenerHandler(String handlerClass) {
        return handlerClass.startsWith(OUR_PACKAGE) && !handlerClass.equals(GATEWAY_HANDLER);
    }

    /** The snippet's element, its {@code {{name}}} placeholders replaced by XML-escaped values; every one must be known. */
    static String filled(String snippet, ListenerValues values) {
        // Only the element: the operator's notes before it name the placeholders, and a value there (a
        // secret with "--") could end the comment.
        XmlOutline.Element element = XmlOutline.parse(snippet, "conf/smtpserver-onion.xml").root();
        String text = snippet.substring(element.start(), element.end());
        for (Map.Entry<String, String> value : values.placeholders().entrySet()) {
            text = text.replace("{{" + value.getKey() + "}}", escape(value.getValue()));
        }
        int left = text.indexOf("{{");
        if (left >= 0) {
            throw new IllegalStateException("conf/smtpserver-onion.xml has a placeholder install does not know: "
                + text.substring(left, Math.min(text.length(), left + 40)));
        }
        return text;
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
