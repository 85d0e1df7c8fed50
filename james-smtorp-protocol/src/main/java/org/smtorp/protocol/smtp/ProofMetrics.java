/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.smtorp.protocol.pow.xpow.Verdict;

/**
 * Counts the XPOW proofs the listener checked, in James's MetricFactory: an operator sees the
 * price working (refusals rising with an attack) beside James's own SMTP metrics.
 */
final class ProofMetrics {
    static final String ACCEPTED = "smtorp.xpow.accepted";
    static final String REFUSED = "smtorp.xpow.refused";

    private final Metric accepted;
    private final Metric refused;

    private ProofMetrics(Metric accepted, Metric refused) {
        this.accepted = accepted;
        this.refused = refused;
    }

    static ProofMetrics of(MetricFactory metrics) {
        requireNonNull(metrics, "metrics");
        return new ProofMetrics(metrics.generate(ACCEPTED), metrics.generate(REFUSED));
    }

    /** Only proofs checked: a refusal for order or TLS costs no hash and counts nowhere. */
    void record(Verdict verdict) {
        if (verdict.isAccepted()) {
            accepted.increment();
        } else {
            refused.increment();
        }
    }
}
