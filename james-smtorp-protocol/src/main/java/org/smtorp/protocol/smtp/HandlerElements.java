/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.smtorp.protocol.identity.ServerIdentity;

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

    /**
     * Loads the server identity (made by {@code smtorp init}) from the directory that
     * {@code <element>} names.
     *
     * @throws ConfigurationException if the element is missing or the identity does not load
     */
    ServerIdentity identity(String element) throws ConfigurationException {
        Path directory = path(element);
        try {
            return ServerIdentity.load(directory);
        } catch (NoSuchFileException e) {
            throw failure("<" + element + ">" + directory + "</" + element + "> holds no server identity: "
                + e.getFile() + " is missing (create one with smtorp init)");
        } catch (IOException | RuntimeException e) {
            throw failure("<" + element + ">" + directory + "</" + element + "> holds no usable server identity: "
                + e.getMessage(), e);
        }
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

    private Path path(String element) throws ConfigurationException {
        String text = configuration.getString(element, "").trim();
        if (text.isEmpty()) {
            throw failure("<" + element + "> is required");
        }
        try {
            return Paths.get(text);
        } catch (InvalidPathException e) {
            throw failure("<" + element + "> is not a path: " + e.getMessage(), e);
        }
    }

    private ConfigurationException failure(String problem) {
        return new ConfigurationException(handler + ": " + problem);
    }

    private ConfigurationException failure(String problem, Exception cause) {
        return new ConfigurationException(handler + ": " + problem, cause);
    }
}
