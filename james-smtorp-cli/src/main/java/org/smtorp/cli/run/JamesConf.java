/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.smtorp.protocol.identity.ServerIdentity;

/**
 * James's {@code conf/} for {@code smtorp run}: the repository's shipped {@code conf/} files
 * (packaged into this jar at build time, byte for byte) completed for one run. The shipped
 * merge snippets become whole files, the onion listener joins a loopback submission
 * listener in {@code smtpserver.xml}, and {@code {{...}}} placeholders stay for
 * {@link org.smtorp.lab.james.JamesWorkingDirectory} to fill from {@link #values}.
 * The lab's memory base supplies the rest (mailets, domain list, logging).
 */
final class JamesConf {
    static final List<String> SHIPPED = List.of("smtorp.properties", "extensions.properties",
        "healthcheck.properties", "webadmin.properties", "smtpserver-onion.xml");
    private static final String SHIPPED_FOLDER = "shipped/";
    private static final String ONION_MARKER = "<!-- ONION LISTENER -->";
    private static final String ONION_ELEMENT = "<smtpserver enabled=\"true\">";
    private static final String WEBADMIN_LOOPBACK = "# Written by `smtorp run`: WebAdmin on loopback only, without"
        + " authentication, for this machine's operator.\nenabled=true\nhost=127.0.0.1\nport={{webadmin.port}}\n"
        + "https.enabled=false\n\n";

    private JamesConf() {
    }

    /** The text of a shipped {@code conf/} file as this build packaged it. */
    static String shipped(String name) {
        return resource(SHIPPED_FOLDER + name);
    }

    /** Every file run writes into James's {@code conf/}, by name. */
    static Map<String, String> files(RunSettings settings, String controlPassword) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("extensions.properties", shipped("extensions.properties"));
        files.put("healthcheck.properties", shipped("healthcheck.properties"));
        files.put("webadmin.properties", WEBADMIN_LOOPBACK + shipped("webadmin.properties"));
        files.put("smtorp.properties", PropertiesText.set(shipped("smtorp.properties"),
            settings.smtorpProperties(controlPassword)));
        files.put("smtpserver.xml", smtpServers(shipped("smtpserver-onion.xml")));
        files.put("usersrepository.xml", resource("usersrepository.xml"));
        return files;
    }

    /** The placeholder values of the shipped files and run's templates. */
    static Map<String, String> values(RunSettings settings, ServerIdentity identity) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("domain", identity.onion().asString());
        values.put("onion.domain", identity.onion().asString());
        values.put("onion.port", String.valueOf(settings.listen().port()));
        values.put("onion.identityDirectory", identity.directory().toAbsolutePath().toString());
        values.put("onion.keystore", identity.keyStoreFile().toAbsolutePath().toString());
        values.put("onion.secret", new String(identity.keyStorePassword()));
        values.put("submission.port", String.valueOf(settings.submission().port()));
        values.put("webadmin.port", String.valueOf(settings.webAdmin().port()));
        return values;
    }

    // The <smtpserver> element as operators copy it, without the file's notes about placeholders.
    static String smtpServers(String onionSnippet) {
        int start = onionSnippet.indexOf(ONION_ELEMENT);
        if (start < 0) {
            throw new IllegalStateException("conf/smtpserver-onion.xml should hold " + ONION_ELEMENT);
        }
        return resource("smtpserver.xml").replace(ONION_MARKER,
            "<!-- The onion listener: conf/smtpserver-onion.xml -->\n    " + onionSnippet.substring(start).strip());
    }

    private static String resource(String name) {
        try (InputStream in = JamesConf.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the smtorp jar: rebuild it with mvn package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
