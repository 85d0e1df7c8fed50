/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * The {@code <identityDirectory>} element our onion listener's handlers once read. The identity
 * is set in smtorp.properties only now ({@code identity.directory}; the extension injects it), so
 * that the listener takes mail as the onion the mailets deliver and announce as. An element still
 * in smtpserver.xml is compared with that identity: naming the same one (its directory, a link to
 * it, or a copy of its keys) it is ignored with a WARN, so an upgraded James starts as before; naming
 * another it fails James's start naming both, since which one the operator meant cannot be known.
 */
final class MovedIdentityDirectory {
    static final String ELEMENT = "identityDirectory";
    /** Where the setting lives now; the extension reads it, which this module does not depend on. */
    static final String SETTING = "smtorp.properties identity.directory";

    private static final Logger LOGGER = LoggerFactory.getLogger(MovedIdentityDirectory.class);

    private MovedIdentityDirectory() {
    }

    /**
     * @param james James's file system: a relative element resolves against its working directory, as
     *              identity.directory does
     * @return whether the element was there (and agreed, so is ignored)
     * @throws ConfigurationException naming the element and the setting when they name different identities
     */
    static boolean check(HandlerElements elements, ServerIdentity identity, FileSystem james)
        throws ConfigurationException {
        Optional<String> text = elements.text(ELEMENT);
        if (text.isEmpty()) {
            return false;
        }
        String given = "<" + ELEMENT + ">" + text.get() + "</" + ELEMENT + ">";
        Path setting = identity.directory().toAbsolutePath().normalize();
        String property = SETTING + "=" + setting + " (onion " + identity.onion().asString() + ")";
        Path directory;
        try {
            directory = james.getBasedir().toPath().resolve(text.get()).toAbsolutePath().normalize();
        } catch (FileNotFoundException e) {
            throw elements.failure("James has no working directory to resolve " + given + " in");
        } catch (InvalidPathException e) {
            throw contradiction(elements, given + " (not a path)", property);
        }
        // The onion and key fingerprint are all the handlers took from the identity: the same directory,
        // a link to it or a copy of its keys all hold the same ones.
        Optional<SmtorpDomain> held = domainIn(directory);
        if (held.isPresent() && held.get().equals(identity.domain())) {
            LOGGER.warn("{} {} is ignored: {} sets the identity, and {} holds the same one; remove the element from"
                + " smtpserver.xml", elements.handler(), given, property, directory);
            return true;
        }
        throw contradiction(elements, given + held.map(domain -> " (holds another identity: onion "
            + domain.withoutFingerprint().asString() + ")").orElse(" (no usable identity there)"), property);
    }

    private static Optional<SmtorpDomain> domainIn(Path directory) {
        if (!ServerIdentity.exists(directory)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServerIdentity.load(directory).domain());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ConfigurationException contradiction(HandlerElements elements, String given, String property) {
        return elements.failure(given + " contradicts " + property + ". The identity is set in smtorp.properties"
            + " only now: remove the element from smtpserver.xml, or make smtorp.properties say what you meant");
    }
}
