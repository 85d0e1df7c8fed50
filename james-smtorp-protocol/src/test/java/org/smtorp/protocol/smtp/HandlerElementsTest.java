/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.identity.ServerIdentity;

class HandlerElementsTest {
    private static final String ELEMENT = "identityDirectory";

    @TempDir
    Path temp;

    private static BaseHierarchicalConfiguration handler(String... keysAndValues) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@class]", NoRelayRcptHandler.class.getName());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            configuration.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return configuration;
    }

    @Test
    void ofShouldAcceptTheClassAttribute() throws Exception {
        assertThat(HandlerElements.of(RequireTlsHandler.class, handler(), Set.of())).isNotNull();
    }

    @Test
    void ofShouldRefuseAnUnknownElementNamingItAndTheHandler() {
        assertThatThrownBy(() -> HandlerElements.of(RequireTlsHandler.class, handler("identityDirectry", "/x"),
            Set.of(ELEMENT)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("RequireTlsHandler")
            .hasMessageContaining("<identityDirectry>")
            .hasMessageContaining("known: identityDirectory");
    }

    @Test
    void ofShouldRefuseAnUnknownNestedElement() {
        assertThatThrownBy(() -> HandlerElements.of(RequireTlsHandler.class, handler("limits.max", "1"), Set.of()))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<limits>");
    }

    @Test
    void identityShouldLoadTheServerIdentity() throws Exception {
        ServerIdentity created = ServerIdentity.create(temp.resolve("identity"));

        ServerIdentity loaded = HandlerElements.of(NoRelayRcptHandler.class,
            handler(ELEMENT, temp.resolve("identity").toString()), Set.of(ELEMENT)).identity(ELEMENT);

        assertThat(loaded.domain()).isEqualTo(created.domain());
    }

    @Test
    void identityShouldFailNamingTheElementWhenMissing() {
        assertThatThrownBy(() -> HandlerElements.of(NoRelayRcptHandler.class, handler(), Set.of(ELEMENT))
            .identity(ELEMENT))
            .isInstanceOf(ConfigurationException.class)
            .hasMessage("NoRelayRcptHandler: <identityDirectory> is required");
    }

    @Test
    void identityShouldFailNamingTheElementWhenTheDirectoryHoldsNoIdentity() {
        Path empty = temp.resolve("empty");

        assertThatThrownBy(() -> HandlerElements.of(NoRelayRcptHandler.class, handler(ELEMENT, empty.toString()),
            Set.of(ELEMENT)).identity(ELEMENT))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("NoRelayRcptHandler: <identityDirectory>" + empty + "</identityDirectory>")
            .hasMessageContaining("smtorp init");
    }
}
