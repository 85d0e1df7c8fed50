/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.junit.jupiter.api.Test;

class DeliveryMetricsTest {
    private static final List<Duration> DELAYS = List.of(Duration.ofMinutes(1));

    private final RecordingMetricFactory factory = new RecordingMetricFactory();
    private final DeliveryMetrics metrics = DeliveryMetrics.of(factory);

    @Test
    void recordShouldCountEachRecipientByWhatTheAttemptDecided() throws Exception {
        Attempt attempt = Attempt.builder().delivered(address("a")).delivered(address("b"))
            .bounce(address("c"), "550 5.1.1 no such user", Optional.of(550))
            .temporary(address("d"), "4.4.1 unreachable").build(0, 3, DELAYS);

        metrics.record(attempt);

        assertThat(factory.countFor(DeliveryMetrics.DELIVERED)).isEqualTo(2);
        assertThat(factory.countFor(DeliveryMetrics.FAILED)).isEqualTo(1);
        assertThat(factory.countFor(DeliveryMetrics.BOUNCED)).isEqualTo(1);
    }

    @Test
    void aRecipientWhoseRetriesRanOutShouldCountAsBounced() throws Exception {
        metrics.record(Attempt.builder().temporary(address("d"), "4.4.1 unreachable").build(3, 3, DELAYS));

        assertThat(factory.countFor(DeliveryMetrics.FAILED)).isZero();
        assertThat(factory.countFor(DeliveryMetrics.BOUNCED)).isEqualTo(1);
    }

    @Test
    void attemptTimerShouldPublishUnderItsName() {
        metrics.attemptTimer().stopAndPublish();

        assertThat(factory.executionTimesFor(DeliveryMetrics.DELIVERY_TIME)).hasSize(1);
    }

    private static MailAddress address(String user) throws Exception {
        return new MailAddress(user + "@pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    }
}
