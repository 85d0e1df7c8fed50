/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.InvalidAddressException;

import nl.jqno.equalsverifier.EqualsVerifier;

class GatewayVerdictTest {
    private static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

    @Test
    void anOnionShouldBeDeliveredOverTor() {
        assertThat(GatewayVerdict.of(Domain.of(ONION)).kind()).isEqualTo(GatewayVerdict.Kind.ONION);
    }

    @Test
    void aLegacyDomainShouldBeLegacy() {
        GatewayVerdict verdict = GatewayVerdict.of(Domain.of("legacy.example"));

        assertThat(verdict.kind()).isEqualTo(GatewayVerdict.Kind.LEGACY);
        assertThat(verdict.malformation()).isEmpty();
    }

    @Test
    void aWrongLengthOnionShouldBeMalformedForItsLength() {
        GatewayVerdict verdict = GatewayVerdict.of(Domain.of("abcdef.onion"));

        assertThat(verdict.kind()).isEqualTo(GatewayVerdict.Kind.MALFORMED_ONION);
        assertThat(verdict.malformation()).contains(InvalidAddressException.Reason.LENGTH);
    }

    @Test
    void tooManyLabelsUnderOnionShouldBeMalformed() {
        assertThat(GatewayVerdict.of(Domain.of("a.b." + ONION)).kind()).isEqualTo(GatewayVerdict.Kind.MALFORMED_ONION);
    }

    @Test
    void shouldHonourEqualsContract() {
        EqualsVerifier.forClass(GatewayVerdict.class).withNonnullFields("kind", "malformation").verify();
    }
}
