/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension;

import java.util.Objects;
import java.util.Optional;

/** The version of the james-smtorp jars James loaded, as written in the jar manifest. */
public final class SmtorpVersion {
    private static final String UNKNOWN = "development build";

    private final String value;

    private SmtorpVersion(String value) {
        this.value = value;
    }

    static SmtorpVersion fromJar() {
        return new SmtorpVersion(Optional.ofNullable(SmtorpVersion.class.getPackage().getImplementationVersion())
            .orElse(UNKNOWN));
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmtorpVersion && value.equals(((SmtorpVersion) o).value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
