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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        "healthcheck.properties", "webadmin.properties", "smtpserver-onion.xml", "mailetcontainer-onion.xml");
    private static final String SHIPPED_FOLDER = "shipped/";
    private static final String ONION_MARKER = "<!-- ONION LISTENER -->";
    private static final String ONION_ELEMENT = "<smtpserver enabled=\"true\">";
    private static final String RECORDING_MARKER = "<!-- ANNOUNCEMENT RECORDING -->";
    private static final String DELIVERY_MARKER = "<!-- ONION DELIVERY -->";
    private static final String MAILET_START = "<mailet ";
    private static final String MAILET_END = "</mailet>";
    // Before local delivery, so that it sees our users' mail (docs/announce.md).
    private static final String RECORDER = "<!-- docs/announce.md: SMTorP-Address of authenticated mail -->\n"
        + "            <mailet match=\"All\" class=\"org.smtorp.mailets.announce.RecordSmtorpAddress\"/>";
    private static final String WEBADMIN_LOOPBACK = "# Written by `smtorp run`: WebAdmin on loopback only, without"
        + " authentication, for this machine's operator.\nenabled=true\nhost=127.0.0.1\nport={{webadmin.port}}\n"
        + "https.enabled=false\n\n";

    private JamesConf() {
    }

    /** The text of a shipped {@code conf/} file as this build packaged it. */
    static String shipped(String name) {
        return resource(SHIPPED_FOLDER + name);
    }

    /**
     * Every file run writes into James's {@code conf/}, by name. The mailets find the SOCKS port,
     * identity and pin directory in {@code smtorp.properties}, in every tor mode.
     *
     * @param deliveryParameters OnionRemoteDelivery parameters to set (the demo retries sooner)
     */
    static Map<String, String> files(RunSettings settings, String controlPassword,
                                     Map<String, String> deliveryParameters) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("extensions.properties", shipped("extensions.properties"));
        files.put("healthcheck.properties", shipped("healthcheck.properties"));
        files.put("webadmin.properties", WEBADMIN_LOOPBACK + shipped("webadmin.properties"));
        files.put("smtorp.properties", PropertiesText.set(shipped("smtorp.properties"),
            settings.smtorpProperties(controlPassword)));
        files.put("smtpserver.xml", smtpServers(shipped("smtpserver-onion.xml")));
        files.put("usersrepository.xml", resource("usersrepository.xml"));
        files.put("mailetcontainer.xml", mailetContainer(shipped("mailetcontainer-onion.xml"), deliveryParameters));
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

    // The transport mailets as operators merge them, with some parameters set.
    static String mailetContainer(String deliverySnippet, Map<String, String> parameters) {
        int start = deliverySnippet.indexOf(MAILET_START);
        int end = deliverySnippet.lastIndexOf(MAILET_END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("conf/mailetcontainer-onion.xml should hold the transport mailets");
        }
        String mailets = deliverySnippet.substring(start, end + MAILET_END.length());
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            mailets = withParameter(mailets, parameter.getKey(), parameter.getValue());
        }
        return resource("mailetcontainer.xml").replace(DELIVERY_MARKER,
            "<!-- conf/mailetcontainer-onion.xml -->\n            " + mailets)
            .replace(RECORDING_MARKER, RECORDER);
    }

    // In every mailet that has it.
    private static String withParameter(String mailets, String name, String value) {
        Matcher element = Pattern.compile("<" + name + ">[^<]*</" + name + ">").matcher(mailets);
        if (!element.find()) {
            throw new IllegalStateException("conf/mailetcontainer-onion.xml has no <" + name + "> to set");
        }
        return element.replaceAll(Matcher.quoteReplacement("<" + name + ">" + value + "</" + name + ">"));
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
