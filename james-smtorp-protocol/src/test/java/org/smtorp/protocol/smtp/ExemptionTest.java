/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.OnionServiceKey;
import org.smtorp.protocol.sender.ProvedSender;

import nl.jqno.equalsverifier.EqualsVerifier;

class ExemptionTest {
    @Test
    void aPartnersExemptionShouldNameItsOnion() {
        OnionAddress onion = OnionServiceKey.generate(new SecureRandom()).onion();

        assertThat(Exemption.partner(ProvedSender.of(onion, Fingerprint.of(new byte[] {1}))).asString())
            .isEqualTo("xonion " + onion.asString());
    }

    @Test
    void aDkimExemptionShouldNameItsDomainInLowerCase() {
        assertThat(Exemption.dkim(Domain.of("Partner.Example")).asAttribute().getValue().value())
            .isEqualTo("dkim partner.example");
    }

    @Test
    void shouldRespectBeanContract() {
        EqualsVerifier.forClass(Exemption.class).withNonnullFields("kind", "name").verify();
    }
}
