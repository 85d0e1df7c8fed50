/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.node;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.parameters.InitParameters;
import org.smtorp.protocol.address.LoopbackAddress;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Mailet init parameters that became {@code smtorp.properties} settings ({@link NodeSettings}).
 * One still in a mailetcontainer.xml is compared with the setting: when it says the same, it is
 * ignored with a WARN, so that an upgraded James starts as before; when it says otherwise, start-up
 * fails naming both, since which of the two the operator meant cannot be known, and guessing
 * would send mail through another tor, or as another onion, than the operator expects.
 */
public final class MovedParameters {
    public static final String IDENTITY_DIRECTORY = "identityDirectory";
    public static final String HELO_NAME = "heloName";
    public static final String SOCKS_HOST = "socksHost";
    public static final String SOCKS_PORT = "socksPort";
    public static final String PIN_DIRECTORY = "pinDirectory";
    /** Every moved name: a mailet takes them all, so that none is refused as unknown before it is compared. */
    public static final Set<String> NAMES = Set.of(IDENTITY_DIRECTORY, HELO_NAME, SOCKS_HOST, SOCKS_PORT, PIN_DIRECTORY);

    private static final Logger LOGGER = LoggerFactory.getLogger(MovedParameters.class);

    /** A mailet's own parameter names and the moved ones: what it passes to {@link InitParameters#of}. */
    public static Set<String> andMoved(Set<String> own) {
        Set<String> all = new HashSet<>(own);
        all.addAll(NAMES);
        return Set.copyOf(all);
    }

    private final String mailet;
    private final InitParameters parameters;
    private final Path workingDirectory;
    private final Set<String> ignored = new LinkedHashSet<>();
    private final List<String> contradictions = new ArrayList<>();

    private MovedParameters(String mailet, InitParameters parameters, Path workingDirectory) {
        this.mailet = mailet;
        this.parameters = parameters;
        this.workingDirectory = workingDirectory;
    }

    /**
     * Compares each moved parameter present with the node's settings.
     *
     * @param workingDirectory James's: a relative path in a parameter resolves against it, as in smtorp.properties
     * @return the names of the parameters that agree and are ignored (each logged at WARN)
     * @throws MessagingException naming every parameter that contradicts smtorp.properties, with the key and its value
     */
    public static Set<String> check(String mailet, InitParameters parameters, Path workingDirectory,
                                    NodeSettings node, ServerIdentity identity) throws MessagingException {
        MovedParameters check = new MovedParameters(mailet, parameters, workingDirectory);
        check.directory(IDENTITY_DIRECTORY, NodeSettings.IDENTITY_DIRECTORY, node.identityDirectory());
        check.heloName(identity);
        check.socksHost(node);
        check.socksPort(node);
        check.directory(PIN_DIRECTORY, NodeSettings.PIN_DIRECTORY, node.pinDirectory());
        return check.result();
    }

    private void directory(String name, String key, Path setting) {
        Optional<String> value = parameters.text(name);
        if (value.isPresent()) {
            Path given = workingDirectory.resolve(value.get()).toAbsolutePath().normalize();
            compare(name, value.get(), sameDirectory(given, setting), key, setting.toString());
        }
    }

    // Two spellings of one directory (a symbolic link, a relative path) agree.
    private static boolean sameDirectory(Path given, Path setting) {
        if (given.equals(setting)) {
            return true;
        }
        try {
            return Files.exists(given) && Files.exists(setting) && Files.isSameFile(given, setting);
        } catch (IOException e) {
            return false;
        }
    }

    // The HELO name was the alternative to an identity: it must be the identity's onion.
    private void heloName(ServerIdentity identity) throws MessagingException {
        Optional<String> value = parameters.text(HELO_NAME);
        if (value.isPresent()) {
            SmtorpDomain given = parameters.parsed(HELO_NAME, text -> SmtorpDomain.parse(text).withoutFingerprint(),
                "our .onion domain").orElseThrow();
            compare(HELO_NAME, value.get(), given.equals(identity.domain().withoutFingerprint()),
                NodeSettings.IDENTITY_DIRECTORY, identity.directory() + " (onion " + identity.onion().asString() + ")");
        }
    }

    private void socksHost(NodeSettings node) throws MessagingException {
        Optional<InetAddress> host = parameters.parsed(SOCKS_HOST, LoopbackAddress::parse, LoopbackAddress.ALLOWED);
        if (host.isPresent()) {
            compare(SOCKS_HOST, parameters.text(SOCKS_HOST).orElseThrow(),
                host.get().equals(node.socks().getAddress()), NodeSettings.SOCKS, node.socksAsString());
        }
    }

    private void socksPort(NodeSettings node) throws MessagingException {
        Optional<Integer> port = parameters.parsed(SOCKS_PORT, MovedParameters::port, "a port from 1 to 65535");
        if (port.isPresent()) {
            compare(SOCKS_PORT, parameters.text(SOCKS_PORT).orElseThrow(), port.get() == node.socks().getPort(),
                NodeSettings.SOCKS, node.socksAsString());
        }
    }

    private static int port(String text) {
        int value = Integer.parseInt(text);
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(text);
        }
        return value;
    }

    private void compare(String name, String value, boolean agrees, String key, String setting) {
        String both = "parameter " + name + "=\"" + value + "\"";
        String property = NodeSettings.FILE + " " + key + "=" + setting;
        if (agrees) {
            ignored.add(name);
            LOGGER.warn("{} {} is ignored: {} sets it, and agrees; remove the parameter from mailetcontainer.xml",
                mailet, both, property);
        } else {
            contradictions.add(both + " contradicts " + property);
        }
    }

    private Set<String> result() throws MessagingException {
        if (!contradictions.isEmpty()) {
            throw new MessagingException(mailet + ": " + String.join("; ", contradictions) + ". These are set in "
                + NodeSettings.FILE + " only now: remove the parameters from mailetcontainer.xml, or make "
                + NodeSettings.FILE + " say what you meant");
        }
        return Set.copyOf(ignored);
    }
}
