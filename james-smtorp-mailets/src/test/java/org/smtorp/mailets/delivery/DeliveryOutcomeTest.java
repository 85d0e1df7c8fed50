/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import org.junit.jupiter.api.Test;

import nl.jqno.equalsverifier.EqualsVerifier;

class DeliveryOutcomeTest {
    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(DeliveryOutcome.class).withNonnullFields("kind", "reason", "refused").verify();
    }
}
