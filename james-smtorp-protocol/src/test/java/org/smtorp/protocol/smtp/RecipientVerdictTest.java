/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.smtp.RecipientVerdict.Reason;

import nl.jqno.equalsverifier.EqualsVerifier;

class RecipientVerdictTest {
    @Test
    void shouldRespectJavaBeanContract() {
        EqualsVerifier.forClass(RecipientVerdict.class).withNonnullFields("refusal", "evidence", "mailboxDomain")
            .verify();
    }

    @Test
    void refuseShouldKeepOnlyPrintableEvidence() {
        assertThat(RecipientVerdict.refuse(Reason.FOREIGN_DOMAIN, "evil\r\nINFO forged").evidence())
            .isEqualTo("evil??INFO forged");
    }

    @Test
    void refuseShouldCutLongEvidence() {
        assertThat(RecipientVerdict.refuse(Reason.FOREIGN_DOMAIN, "a".repeat(300)).evidence())
            .hasSize(258)
            .endsWith("...");
    }

    @Test
    void acceptShouldHaveNoRefusal() {
        assertThat(RecipientVerdict.acceptAt(Domain.of("example.onion")).isAccepted()).isTrue();
    }
}
