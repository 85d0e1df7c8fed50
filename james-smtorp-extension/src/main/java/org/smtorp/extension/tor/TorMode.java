/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How James gets its onion service from tor ({@code tor.mode} in smtorp.properties). */
public enum TorMode {
    /** We start and own a tor process, and add the service over its control port. */
    MANAGED,
    /** We use the control port of a tor that runs already, and add the service there. */
    ATTACH,
    /** Tor owns a HiddenServiceDir pointing at our listener; we only read its hostname. */
    STATIC,
    /** No tor at all: the onion listener only, tor is configured elsewhere. */
    NONE;

    public static TorMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a tor mode; use one of " + names());
        }
    }

    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String names() {
        return Arrays.stream(values()).map(TorMode::asString).collect(Collectors.joining(", "));
    }
}
