/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.smtorp.protocol.identity.ServerIdentity;

/**
 * What fills the placeholders of the shipped onion listener ({@code conf/smtpserver-onion.xml}):
 * the identity's onion, key store and secret, and the port of {@code onion.target}. The
 * listener's handlers take the identity itself from smtorp.properties, as the mailets do. The
 * secret never appears in {@link #toString()}.
 */
public final class ListenerValues {
    private final String domain;
    private final int port;
    private final Path identityDirectory;
    private final Path keyStore;
    private final String secret;

    private ListenerValues(String domain, int port, Path identityDirectory, Path keyStore, String secret) {
        this.domain = Objects.requireNonNull(domain);
        this.port = port;
        this.identityDirectory = identityDirectory;
        this.keyStore = keyStore;
        this.secret = Objects.requireNonNull(secret);
    }

    /** The listener of {@code identity}, on loopback port {@code port}. */
    public static ListenerValues of(ServerIdentity identity, int port) {
        return new ListenerValues(identity.onion().asString(), port, identity.directory().toAbsolutePath(),
            identity.keyStoreFile().toAbsolutePath(), new String(identity.keyStorePassword()));
    }

    /** Values as given, for tests of what a value may hold. */
    static ListenerValues of(String domain, int port, Path identityDirectory, String secret) {
        return new ListenerValues(domain, port, identityDirectory, identityDirectory.resolve("tls/keystore.p12"),
            secret);
    }

    /** For a plan made before the identity exists ({@code --dry-run}): the domain and secret are named, not known. */
    static ListenerValues pending(Path identityDirectory, int port) {
        Path directory = identityDirectory.toAbsolutePath();
        return new ListenerValues("(the new identity's onion)", port, directory,
            directory.resolve("tls/keystore.p12"), "(the new identity's key store secret)");
    }

    String domain() {
        return domain;
    }

    int port() {
        return port;
    }

    String secret() {
        return secret;
    }

    /** The placeholder names of conf/smtpserver-onion.xml and their values. */
    Map<String, String> placeholders() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("onion.domain", domain);
        values.put("onion.port", String.valueOf(port));
        values.put("onion.keystore", keyStore.toString());
        values.put("onion.secret", secret);
        return values;
    }

    @Override
    public String toString() {
        return domain + " on 127.0.0.1:" + port + " (identity " + identityDirectory + ")";
    }
}
