/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static java.util.Objects.requireNonNull;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;

/**
 * What onion delivery reports to James's MetricFactory, beside RemoteDelivery's
 * {@code outgoingMails} and {@code RemoteDeliveryTrial}: recipients delivered, recipients whose
 * attempt failed and will be retried, recipients bounced (a permanent refusal or retries run
 * out), and the time each attempt took.
 */
final class DeliveryMetrics {
    static final String DELIVERED = "smtorp.onion.delivered";
    static final String FAILED = "smtorp.onion.failed";
    static final String BOUNCED = "smtorp.onion.bounced";
    static final String DELIVERY_TIME = "smtorp.onion.deliveryTime";

    private final MetricFactory factory;
    private final Metric delivered;
    private final Metric failed;
    private final Metric bounced;

    private DeliveryMetrics(MetricFactory factory) {
        this.factory = factory;
        this.delivered = factory.generate(DELIVERED);
        this.failed = factory.generate(FAILED);
        this.bounced = factory.generate(BOUNCED);
    }

    static DeliveryMetrics of(MetricFactory factory) {
        return new DeliveryMetrics(requireNonNull(factory, "factory"));
    }

    /** Started before an attempt, stopped when it is decided. */
    TimeMetric attemptTimer() {
        return factory.timer(DELIVERY_TIME);
    }

    void record(Attempt attempt) {
        delivered.add(attempt.delivered().size());
        failed.add(attempt.retries().size());
        bounced.add(attempt.bounces().size());
    }
}
