/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which DNS answers discovery believes. A bogus answer (signed, but the signatures do not
 * check out against the trust anchor) is refused under every policy that validates.
 */
public enum DnssecPolicy {
    /** Only DNSSEC-validated answers count; unsigned ones are ignored. Needs a trust anchor. */
    REQUIRE("require"),
    /** Validated answers when the domain has them, else unsigned ones too. */
    PREFER("prefer"),
    /** No validation: every answer counts, as plain DNS gives it. */
    OFF("off");

    private final String configName;

    DnssecPolicy(String configName) {
        this.configName = configName;
    }

    public String asString() {
        return configName;
    }

    /** Whether look-ups go through a validating resolver (given a trust anchor). */
    public boolean validates() {
        return this != OFF;
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static DnssecPolicy parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(policy -> policy.configName.equals(wanted)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a DNSSEC policy; allowed: "
                + Arrays.stream(values()).map(DnssecPolicy::asString).collect(Collectors.joining(", "))));
    }
}
