/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;

class HandlerElementsTest {
    private static final String ELEMENT = "identityDirectory";

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
    void textShouldBeTheTrimmedElement() throws Exception {
        assertThat(HandlerElements.of(NoRelayRcptHandler.class, handler(ELEMENT, " /x "), Set.of(ELEMENT))
            .text(ELEMENT)).contains("/x");
    }

    @Test
    void textShouldBeEmptyForAMissingOrBlankElement() throws Exception {
        assertThat(HandlerElements.of(NoRelayRcptHandler.class, handler(), Set.of(ELEMENT)).text(ELEMENT)).isEmpty();
        assertThat(HandlerElements.of(NoRelayRcptHandler.class, handler(ELEMENT, " "), Set.of(ELEMENT)).text(ELEMENT))
            .isEmpty();
    }

    @Test
    void failureShouldNameTheHandler() throws Exception {
        assertThat(HandlerElements.of(XonionHandler.class, handler(), Set.of()).failure("broken"))
            .hasMessage("XonionHandler: broken");
    }
}
