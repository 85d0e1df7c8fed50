/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import nl.jqno.equalsverifier.EqualsVerifier;

class DestinationTest {
    @Test
    void shouldRespectTheValueContract() throws Exception {
        MailAddress bob = new MailAddress("bob@example.org");
        // Fallbacks are routes themselves: EqualsVerifier needs two to build them from.
        EqualsVerifier.forClass(Destination.class)
            .withPrefabValues(Destination.class,
                Destination.of(bob, RouteSelectorTest.ONION, 25, Optional.empty(), "red"),
                Destination.of(bob, RouteSelectorTest.ONION, 26, Optional.empty(), "blue"))
            .withNonnullFields("recipient", "onion", "pin", "evidence", "fallbacks").verify();
    }

    @Test
    void fallbacksShouldBeACopyAndShowInLogs() throws Exception {
        MailAddress bob = new MailAddress("bob@example.org");
        Destination first = Destination.of(bob, RouteSelectorTest.ONION, 25, Optional.empty(), "SRV");
        Destination withFallback = first.withFallbacks(List.of(first));

        assertThat(first.fallbacks()).isEmpty();
        assertThat(withFallback.fallbacks()).containsExactly(first);
        assertThat(withFallback.toString()).endsWith("then 1 other onion(s)");
    }

    @Test
    void shouldRefuseAPortOutOfRange() throws Exception {
        assertThatThrownBy(() -> Destination.of(new MailAddress("bob@example.org"), RouteSelectorTest.ONION, 0,
            Optional.empty(), "SRV")).hasMessage("port must be from 1 to 65535: 0");
    }
}
