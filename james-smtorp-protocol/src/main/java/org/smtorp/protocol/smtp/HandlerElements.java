/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * The child elements of one {@code <handler>} in smtpserver.xml, read into typed
 * values. Unknown elements and bad values fail James's start with a message that
 * names the handler and the element: a typo must not silently weaken the listener.
 */
final class HandlerElements {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("0|[1-9][0-9]{0,9}");

    private final String handler;
    private final Configuration configuration;

    private HandlerElements(String handler, Configuration configuration) {
        this.handler = handler;
        this.configuration = configuration;
    }

    /** @throws ConfigurationException naming the first element not in {@code known} */
    static HandlerElements of(Class<?> handler, Configuration configuration, Set<String> known)
        throws ConfigurationException {
        HandlerElements elements = new HandlerElements(handler.getSimpleName(), configuration);
        for (Iterator<String> keys = configuration.getKeys(); keys.hasNext(); ) {
            String element = elementOf(keys.next());
            // Attributes such as [@class] belong to <handler> itself.
            if (!element.isEmpty() && !known.contains(element)) {
                throw elements.failure("<" + element + "> is not a setting of this handler; known: "
                    + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
            }
        }
        return elements;
    }

    private static String elementOf(String key) {
        int end = key.length();
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) == '.' || key.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return key.substring(0, end);
    }

    /** The handler's class name without its package, as messages name it. */
    String handler() {
        return handler;
    }

    /** What {@code <element>} holds, trimmed; empty without one or when it holds only spaces. */
    Optional<String> text(String element) {
        return Optional.ofNullable(configuration.getString(element)).map(String::trim).filter(text -> !text.isEmpty());
    }

    /**
     * The whole number {@code <element>} holds, or {@code fallback} without one.
     *
     * @throws ConfigurationException if it is not a whole number from {@code least} to {@code most}
     */
    int wholeNumber(String element, int fallback, int least, int most) throws ConfigurationException {
        String text = configuration.getString(element);
        if (text == null) {
            return fallback;
        }
        String trimmed = text.trim();
        if (!WHOLE_NUMBER.matcher(trimmed).matches() || Long.parseLong(trimmed) < least
            || Long.parseLong(trimmed) > most) {
            throw failure("<" + element + ">" + text + "</" + element + "> must be a whole number from " + least
                + " to " + most);
        }
        return Integer.parseInt(trimmed);
    }

    /** A failure of James's start that names this handler. */
    ConfigurationException failure(String problem) {
        return new ConfigurationException(handler + ": " + problem);
    }
}
