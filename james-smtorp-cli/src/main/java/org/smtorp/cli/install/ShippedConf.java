/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The repository's {@code conf/} files as this build packaged them into the jar, byte for
 * byte: what install merges and {@code smtorp run} starts with are the files operators read.
 */
public final class ShippedConf {
    public static final List<String> FILES = List.of("smtorp.properties", "extensions.properties",
        "healthcheck.properties", "webadmin.properties", "smtpserver-onion.xml", "mailetcontainer-onion.xml");
    private static final String FOLDER = "shipped/";

    private ShippedConf() {
    }

    /** The text of one of {@link #FILES}. */
    public static String text(String name) {
        try (InputStream in = ShippedConf.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the smtorp jar: rebuild it with mvn package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
