/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.smtorp.extension.tor.TorMode;
import org.smtorp.protocol.address.SmtorpDomain;

import nl.jqno.equalsverifier.EqualsVerifier;

class OnionServiceStatusTest {
    static final SmtorpDomain DOMAIN = SmtorpDomain.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(5);

    @Test
    void sinceShouldMoveWhenTheStateChanges() {
        OnionServiceStatus status = OnionServiceStatus.stopped(TorMode.MANAGED, DOMAIN, T0)
            .next(OnionServiceState.BOOTSTRAPPING, 10, Optional.empty(), T1);

        assertThat(status.since()).isEqualTo(T1);
    }

    @Test
    void sinceShouldStayWhileTheStateStays() {
        OnionServiceStatus status = OnionServiceStatus.stopped(TorMode.MANAGED, DOMAIN, T0)
            .next(OnionServiceState.BOOTSTRAPPING, 10, Optional.empty(), T0)
            .next(OnionServiceState.BOOTSTRAPPING, 80, Optional.empty(), T1);

        assertThat(status.since()).isEqualTo(T0);
        assertThat(status.bootstrapProgress()).isEqualTo(80);
    }

    @Test
    void describeShouldSayStateModeProgressAndWhy() {
        OnionServiceStatus status = OnionServiceStatus.stopped(TorMode.ATTACH, DOMAIN, T0)
            .next(OnionServiceState.RECONNECTING, 0, Optional.of("the tor control connection closed"), T1);

        assertThat(status.describe()).isEqualTo("RECONNECTING since 2026-11-29T10:00:05Z, tor attach, bootstrap 0%"
            + " (the tor control connection closed)");
    }

    @Test
    void shouldRespectBeanContract() {
        EqualsVerifier.forClass(OnionServiceStatus.class).withNonnullFields("mode", "domain", "state", "since", "detail")
            .verify();
    }
}
