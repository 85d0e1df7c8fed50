/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Init parameters of the snippet's mailets set to other values, each in every mailet that has
 * it (a parameter no mailet has is left out): {@code smtorp run} retries sooner in the demo.
 * Only the text of those elements changes.
 */
final class MailetParameters {
    private MailetParameters() {
    }

    static String set(String snippet, Map<String, String> parameters) {
        XmlOutline ours = XmlOutline.parse(snippet, "conf/mailetcontainer-onion.xml");
        List<Insertion> edits = new ArrayList<>();
        for (XmlOutline.Element processor : MailetContainerMerge.processors(ours)) {
            for (XmlOutline.Element mailet : processor.children("mailet")) {
                for (XmlOutline.Element parameter : mailet.children()) {
                    if (parameters.containsKey(parameter.name())) {
                        edits.add(Insertion.replacing(parameter.startTagEnd(), parameter.endTagStart(snippet),
                            escape(parameters.get(parameter.name()))));
                    }
                }
            }
        }
        return Insertion.apply(snippet, edits);
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
