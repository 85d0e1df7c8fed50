/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

class ConnectionDeadlinesTest {
    private static BaseHierarchicalConfiguration handler(String... keysAndValues) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@class]", ConnectionDeadlineHandler.class.getName());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            configuration.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return configuration;
    }

    @Test
    void fromShouldGiveTenSecondsForTlsAndThirtyForEhloWithoutElements() throws Exception {
        ConnectionDeadlines deadlines = ConnectionDeadlines.from(handler());

        assertThat(deadlines.tls()).isEqualTo(Duration.ofSeconds(10));
        assertThat(deadlines.ehlo()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void fromShouldReadJamesDurationsWithSecondsAsTheDefaultUnit() throws Exception {
        ConnectionDeadlines deadlines = ConnectionDeadlines.from(handler(
            "tlsDeadline", " 15 ",
            "ehloDeadline", "1 minute"));

        assertThat(deadlines).isEqualTo(ConnectionDeadlines.of(Duration.ofSeconds(15), Duration.ofMinutes(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "0", "-5", "6 minutes", ""})
    void fromShouldRefuseABadTlsDeadlineNamingTheElement(String value) {
        assertThatThrownBy(() -> ConnectionDeadlines.from(handler("tlsDeadline", value)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("ConnectionDeadlineHandler: ")
            .hasMessageContaining("tlsDeadline");
    }

    @Test
    void fromShouldRefuseAnEhloDeadlineBeforeTheTlsDeadline() {
        assertThatThrownBy(() -> ConnectionDeadlines.from(handler("tlsDeadline", "20", "ehloDeadline", "10")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("ehloDeadline (10000 ms) is before tlsDeadline (20000 ms)");
    }

    @Test
    void fromShouldRefuseAnUnknownElement() {
        assertThatThrownBy(() -> ConnectionDeadlines.from(handler("heloDeadline", "10")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<heloDeadline> is not a setting of this handler");
    }

    @Test
    void ehloShouldBeReachedOnlyWithTlsUp() {
        assertThat(ConnectionMilestone.EHLO.isReached(false, true)).isFalse();
        assertThat(ConnectionMilestone.EHLO.isReached(true, false)).isFalse();
        assertThat(ConnectionMilestone.EHLO.isReached(true, true)).isTrue();
    }

    @Test
    void tlsShouldBeReachedByTheHandshakeAlone() {
        assertThat(ConnectionMilestone.TLS.isReached(false, true)).isFalse();
        assertThat(ConnectionMilestone.TLS.isReached(true, false)).isTrue();
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(ConnectionDeadlines.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
