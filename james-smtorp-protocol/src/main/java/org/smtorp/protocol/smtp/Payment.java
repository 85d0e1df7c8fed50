/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.Objects;
import java.util.OptionalInt;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.smtorp.protocol.pow.hashcash.HashcashAlgorithm;
import org.smtorp.protocol.pow.xpow.Verdict;

/**
 * What paid for one mail transaction: an accepted XPOW proof, which also caps the
 * recipients, or hashcash stamps, one per recipient. A mail carries it on as the
 * {@value #ATTRIBUTE} attribute, {@code <algorithm>:<bits>}, e.g. {@code argon2id:7}.
 */
final class Payment {
    /** The mail attribute: a plain string, so mailets and WebAdmin read it without a codec. */
    static final String ATTRIBUTE = "smtorp.pow";
    /** Where an accepted proof waits for its mail; RSET and the end of the mail drop it. */
    static final AttachmentKey<Payment> KEY = AttachmentKey.of("smtorp.xpow.payment", Payment.class);

    private final String algorithm;
    private final int bits;
    private final OptionalInt recipients;

    private Payment(String algorithm, int bits, OptionalInt recipients) {
        this.algorithm = algorithm;
        this.bits = bits;
        this.recipients = recipients;
    }

    /** An accepted proof: its algorithm, the bits it had to reach, the recipients it covers. */
    static Payment of(Verdict accepted) {
        if (!accepted.isAccepted()) {
            throw new IllegalArgumentException("only an accepted proof pays: " + accepted);
        }
        return proof(accepted.algorithm().orElseThrow(), accepted.bits().orElseThrow(),
            accepted.recipients().orElseThrow());
    }

    static Payment proof(String algorithm, int bits, int recipients) {
        if (recipients < 1) {
            throw new IllegalArgumentException("a proof covers at least one recipient: " + recipients);
        }
        return new Payment(Objects.requireNonNull(algorithm, "algorithm"), bits, OptionalInt.of(recipients));
    }

    /** A valid hashcash stamp of at least {@code bits} for every recipient. */
    static Payment stamps(int bits) {
        return new Payment(HashcashAlgorithm.NAME, bits, OptionalInt.empty());
    }

    String algorithm() {
        return algorithm;
    }

    /** The leading zero bits the server required (for XPOW: recipient scaling included). */
    int bits() {
        return bits;
    }

    /** The most RCPTs the transaction may have; empty when each recipient pays for itself. */
    OptionalInt recipients() {
        return recipients;
    }

    /** {@code <algorithm>:<bits>}, the attribute's value. */
    String asString() {
        return algorithm + ":" + bits;
    }

    Attribute asAttribute() {
        return new Attribute(AttributeName.of(ATTRIBUTE), AttributeValue.of(asString()));
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof Payment)) {
            return false;
        }
        Payment that = (Payment) o;
        return algorithm.equals(that.algorithm) && bits == that.bits && recipients.equals(that.recipients);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(algorithm, bits, recipients);
    }

    @Override
    public String toString() {
        return "Payment{" + asString() + recipients.stream().mapToObj(n -> " for " + n + " recipients")
            .findFirst().orElse(" per recipient") + "}";
    }
}
