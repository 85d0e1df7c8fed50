/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import org.junit.jupiter.api.Test;

import org.smtorp.mailets.connection.DeliveryFailure;

import nl.jqno.equalsverifier.EqualsVerifier;

class DeliveryOutcomeTest {
    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(DeliveryOutcome.class)
            .withPrefabValues(DeliveryFailure.class,
                DeliveryFailure.temporary(DeliveryFailure.Reason.CONNECTION, "one"),
                DeliveryFailure.permanent(DeliveryFailure.Reason.TLS, "two"))
            .withNonnullFields("delivered", "failed", "wholeFailure").verify();
    }
}
