/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import nl.jqno.equalsverifier.EqualsVerifier;

class EndpointTest {
    @Test
    void parseShouldAcceptLoopback() {
        assertThat(Endpoint.parse("127.0.0.1:2525").asString()).isEqualTo("127.0.0.1:2525");
        assertThat(Endpoint.parse("localhost:2525")).isEqualTo(Endpoint.of(2525));
    }

    @Test
    void parseShouldRejectOtherHosts() {
        assertThatThrownBy(() -> Endpoint.parse("0.0.0.0:25")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'0.0.0.0:25' is not on 127.0.0.1");
    }

    @Test
    void parseShouldRejectAMissingPort() {
        assertThatThrownBy(() -> Endpoint.parse("127.0.0.1")).hasMessageContaining("is not HOST:PORT");
        assertThatThrownBy(() -> Endpoint.parse("127.0.0.1:x")).hasMessageContaining("has no port number");
        assertThatThrownBy(() -> Endpoint.parse("127.0.0.1:70000")).hasMessageContaining("not in 1-65535");
    }

    @Test
    void shouldHaveValueEquality() {
        EqualsVerifier.forClass(Endpoint.class).verify();
    }
}
