/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.identity.ServerIdentity;

class MovedIdentityDirectoryTest {
    private static final String ELEMENT = MovedIdentityDirectory.ELEMENT;

    @TempDir
    Path workingDirectory;

    private ServerIdentity injected;

    @BeforeEach
    void createTheIdentityOfSmtorpProperties() throws IOException {
        injected = ServerIdentity.create(workingDirectory.resolve("var/smtorp/identity"));
    }

    private boolean check(String... elementAndValue) throws ConfigurationException {
        return MovedIdentityDirectory.check(HandlerElements.of(NoRelayRcptHandler.class,
            TestHandlerElements.of(NoRelayRcptHandler.class, elementAndValue), Set.of(ELEMENT)), injected,
            TestFileSystem.at(workingDirectory));
    }

    @Test
    void checkShouldFindNothingWithoutTheElement() throws Exception {
        assertThat(check()).isFalse();
    }

    @Test
    void checkShouldIgnoreTheElementNamingTheSameDirectory() throws Exception {
        assertThat(check(ELEMENT, injected.directory().toAbsolutePath().toString())).isTrue();
    }

    @Test
    void checkShouldResolveARelativeElementAgainstJamesWorkingDirectory() throws Exception {
        assertThat(check(ELEMENT, "var/smtorp/../smtorp/identity")).isTrue();
    }

    @Test
    void checkShouldIgnoreTheElementNamingALinkToTheDirectory() throws Exception {
        Path link = Files.createSymbolicLink(workingDirectory.resolve("identity-link"), injected.directory());

        assertThat(check(ELEMENT, link.toString())).isTrue();
    }

    @Test
    void checkShouldIgnoreTheElementNamingACopyOfTheSameKeys() throws Exception {
        Path copy = workingDirectory.resolve("copy");
        copyTree(injected.directory(), copy);

        assertThat(check(ELEMENT, copy.toString())).isTrue();
    }

    @Test
    void checkShouldRefuseAnotherIdentityNamingBoth() throws Exception {
        ServerIdentity other = ServerIdentity.create(workingDirectory.resolve("other"));

        assertThatThrownBy(() -> check(ELEMENT, "other"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("NoRelayRcptHandler: <identityDirectory>other</identityDirectory> (holds another"
                + " identity: onion " + other.onion().asString() + ") contradicts smtorp.properties identity.directory="
                + injected.directory().toAbsolutePath() + " (onion " + injected.onion().asString() + ")")
            .hasMessageContaining("remove the element from smtpserver.xml");
    }

    @Test
    void checkShouldRefuseADirectoryWithoutAnIdentity() {
        assertThatThrownBy(() -> check(ELEMENT, "/nowhere/identity"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("NoRelayRcptHandler: <identityDirectory>/nowhere/identity</identityDirectory>"
                + " (no usable identity there) contradicts smtorp.properties identity.directory=");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }
}
