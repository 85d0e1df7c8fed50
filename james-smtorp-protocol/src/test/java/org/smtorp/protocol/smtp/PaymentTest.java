/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.mailet.AttributeValue;
import org.junit.jupiter.api.Test;

import nl.jqno.equalsverifier.EqualsVerifier;

class PaymentTest {
    @Test
    void asStringShouldNameTheAlgorithmAndTheBits() {
        assertThat(Payment.proof("argon2id", 7, 1).asString()).isEqualTo("argon2id:7");
        assertThat(Payment.stamps(27).asString()).isEqualTo("hashcash:27");
    }

    @Test
    void asAttributeShouldBeTheStringUnderSmtorpPow() {
        assertThat(Payment.proof("sha256", 29, 4).asAttribute().getName().asString()).isEqualTo("smtorp.pow");
        assertThat(Payment.proof("sha256", 29, 4).asAttribute().getValue()).isEqualTo(AttributeValue.of("sha256:29"));
    }

    @Test
    void recipientsShouldBeCappedByAProofOnly() {
        assertThat(Payment.proof("sha256", 29, 4).recipients()).hasValue(4);
        assertThat(Payment.stamps(27).recipients()).isEmpty();
    }

    @Test
    void proofShouldRefuseNoRecipients() {
        assertThatThrownBy(() -> Payment.proof("sha256", 27, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRespectTheEqualsContract() {
        EqualsVerifier.forClass(Payment.class).withNonnullFields("algorithm", "recipients").verify();
    }
}
