/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

/** What DNSSEC validation said of one answer. */
public enum DnssecStatus {
    /** Validated from the trust anchor down. */
    SECURE("DNSSEC-validated"),
    /** Provably unsigned, or outside every trust anchor. */
    INSECURE("not DNSSEC-signed"),
    /** Signed, but the signatures do not check out: tampered with, or a wrong trust anchor. */
    BOGUS("DNSSEC-bogus"),
    /** Not validated at all (DNSSEC off, or no trust anchor). */
    UNVALIDATED("not DNSSEC-validated");

    private final String description;

    DnssecStatus(String description) {
        this.description = description;
    }

    /** For logs and explanations, e.g. {@code DNSSEC-validated}. */
    public String description() {
        return description;
    }
}
