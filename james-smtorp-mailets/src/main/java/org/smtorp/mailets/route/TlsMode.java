/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How TLS is reached on an onion's SMTP port. Plain text is never one of them. */
public enum TlsMode {
    /** Implicit TLS; if the server answers in plain text, STARTTLS when it offers it (the default). */
    IMPLICIT_OR_STARTTLS("implicitOrStarttls"),
    /** Implicit TLS only. */
    IMPLICIT("implicit"),
    /** STARTTLS only, for legacy receivers. */
    STARTTLS("starttls");

    private final String configName;

    TlsMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public boolean triesImplicit() {
        return this != STARTTLS;
    }

    public boolean allowsStartTls() {
        return this != IMPLICIT;
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static TlsMode parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
            .filter(mode -> mode.configName.toLowerCase(Locale.ROOT).equals(wanted))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("\"" + text + "\" is not a TLS mode; allowed: "
                + Arrays.stream(values()).map(TlsMode::configName).collect(Collectors.joining(", "))));
    }
}
