/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.apache.james.core.healthcheck.Result;
import org.junit.jupiter.api.Test;
import org.smtorp.extension.lifecycle.OnionServiceState;
import org.smtorp.extension.lifecycle.OnionServiceStatus;
import org.smtorp.extension.tor.TorMode;
import org.smtorp.protocol.address.SmtorpDomain;

class OnionServiceHealthCheckTest {
    private static final SmtorpDomain DOMAIN =
        SmtorpDomain.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static Result resultIn(OnionServiceState state, Optional<String> detail) {
        return OnionServiceHealthCheck.toResult(OnionServiceStatus.stopped(TorMode.MANAGED, DOMAIN, NOW)
            .next(state, 0, detail, NOW));
    }

    @Test
    void readyShouldBeHealthy() {
        assertThat(resultIn(OnionServiceState.READY, Optional.empty()).isHealthy()).isTrue();
    }

    @Test
    void publishingShouldBeDegradedWithTheState() {
        Result result = resultIn(OnionServiceState.PUBLISHING, Optional.of("added on virtual port 25"));

        assertThat(result.isDegraded()).isTrue();
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause).contains("PUBLISHING"));
    }

    @Test
    void reconnectingShouldBeDegraded() {
        assertThat(resultIn(OnionServiceState.RECONNECTING, Optional.of("closed")).isDegraded()).isTrue();
    }

    @Test
    void stoppedWithoutAReasonShouldBeUnhealthy() {
        assertThat(resultIn(OnionServiceState.STOPPED, Optional.empty()).isUnHealthy()).isTrue();
    }

    @Test
    void modeNoneShouldBeHealthy() {
        assertThat(resultIn(OnionServiceState.STOPPED, Optional.of("tor mode none")).isHealthy()).isTrue();
    }
}
