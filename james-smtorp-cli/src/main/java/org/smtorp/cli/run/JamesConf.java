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

import org.smtorp.cli.install.ConfMerge;
import org.smtorp.cli.install.ListenerValues;
import org.smtorp.cli.install.PropertiesText;
import org.smtorp.cli.install.ShippedConf;
import org.smtorp.lab.james.JamesSampleConfiguration;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * James's {@code conf/} for {@code smtorp run}: the repository's shipped {@code conf/} files
 * (packaged into this jar at build time, byte for byte) merged by the code of
 * {@code smtorp install} ({@link ConfMerge}): the onion listener joins a loopback submission
 * listener in {@code smtpserver.xml}, and in managed mode our mailets join James 3.8.1's own
 * sample {@code mailetcontainer.xml} of the memory app. {@code {{...}}} placeholders of run's
 * templates stay for {@link org.smtorp.lab.james.JamesWorkingDirectory} to fill from {@link #values}.
 * The lab's memory base supplies the rest (domain list, logging).
 */
final class JamesConf {
    static final List<String> SHIPPED = ShippedConf.FILES;
    private static final String WEBADMIN_LOOPBACK = "# Written by `smtorp run`: WebAdmin on loopback only, without"
        + " authentication, for this machine's operator.\nenabled=true\nhost=127.0.0.1\nport={{webadmin.port}}\n"
        + "https.enabled=false\n\n";

    private JamesConf() {
    }

    /** The text of a shipped {@code conf/} file as this build packaged it. */
    static String shipped(String name) {
        return ShippedConf.text(name);
    }

    /**
     * Every file run writes into James's {@code conf/}, by name. The mailets find the SOCKS port,
     * identity and pin directory in {@code smtorp.properties}, in every tor mode.
     *
     * @param deliveryParameters OnionRemoteDelivery parameters to set (the demo retries sooner)
     */
    static Map<String, String> files(RunSettings settings, ServerIdentity identity, String controlPassword,
                                     Map<String, String> deliveryParameters) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("extensions.properties", shipped("extensions.properties"));
        files.put("healthcheck.properties", shipped("healthcheck.properties"));
        files.put("webadmin.properties", WEBADMIN_LOOPBACK + shipped("webadmin.properties"));
        files.put("smtorp.properties", PropertiesText.set(shipped("smtorp.properties"),
            settings.smtorpProperties(controlPassword)));
        files.put("smtpserver.xml", ConfMerge.smtpServers(resource("smtpserver.xml"),
            ListenerValues.of(identity, settings.listen().port())));
        files.put("usersrepository.xml", resource("usersrepository.xml"));
        files.put("mailetcontainer.xml", ConfMerge.mailetContainer(
            JamesSampleConfiguration.MEMORY.text("mailetcontainer.xml"), deliveryParameters));
        return files;
    }

    /** The placeholder values of run's templates (the onion listener is filled in by {@link ConfMerge}). */
    static Map<String, String> values(RunSettings settings, ServerIdentity identity) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("domain", identity.onion().asString());
        values.put("onion.domain", identity.onion().asString());
        values.put("submission.port", String.valueOf(settings.submission().port()));
        values.put("webadmin.port", String.valueOf(settings.webAdmin().port()));
        return values;
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
