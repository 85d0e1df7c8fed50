/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtorp.mailets.delivery.MailDelivererTest.address;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.SmtorpDomain;

import nl.jqno.equalsverifier.EqualsVerifier;

class SendingRelayTest {
    private static final String ONION = "lhnmvqkcfxadsfihyzdcfewoxln2ohal47qbebgpnm76a37mauqbavad.onion";
    private static final SmtorpDomain PINNED = SmtorpDomain.parse("xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq."
        + ONION);
    private static final Instant FIRST = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void ofShouldRefuseAnUnpinnedRelay() {
        assertThatThrownBy(() -> SendingRelay.of(SmtorpDomain.parse(ONION), Duration.ofMinutes(30)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("must be pinned");
    }

    @Test
    void isDueShouldTurnTrueExactlyAfterTheWait() {
        SendingRelay relay = SendingRelay.of(PINNED, Duration.ofMinutes(30));

        assertThat(relay.isDue(FIRST, FIRST.plus(Duration.ofMinutes(30)).minusMillis(1))).isFalse();
        assertThat(relay.isDue(FIRST, FIRST.plus(Duration.ofMinutes(30)))).isTrue();
    }

    @Test
    void carriesShouldTakeOnlyOnionAddresses() {
        assertThat(SendingRelay.carries(List.of(address("bob@" + ONION)))).isTrue();
        assertThat(SendingRelay.carries(List.of(address("bob@" + ONION), address("bob@example.org")))).isFalse();
        assertThat(SendingRelay.carries(List.of())).isFalse();
    }

    @Test
    void equalsShouldCompareRelayAndWait() {
        EqualsVerifier.forClass(SendingRelay.class).withNonnullFields("relay", "after").verify();
    }
}
