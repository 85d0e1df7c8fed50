/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.XpowClient;
import org.smtorp.protocol.pow.xpow.XpowOffer;

/** Proofs solved as a sender solves them, from the offer line the server gave. */
final class TestProofs {
    private TestProofs() {
    }

    /** The XPOW arguments {@code sha256 <recipients> <nonce>} for {@code transaction} of the offer's session. */
    static String sha256(String offerLine, int transaction, int recipients) {
        // A client that supports sha256 alone picks it whatever the server prefers.
        AlgorithmRegistry sha256Only = AlgorithmRegistry.all(Clock.systemUTC())
            .withSettings(List.of("equihash=off", "argon2id=off", "hashcash=off"));
        XpowClient client = XpowClient.of(sha256Only, Solver.withThreads(1));
        XpowOffer offer = XpowOffer.parse(offerLine);
        try {
            return client.prove(offer, client.choose(offer, recipients).orElseThrow(), transaction, recipients,
                Duration.ofSeconds(30), ProgressListener.NONE).get().arguments();
        } catch (Exception e) {
            throw new IllegalStateException("could not solve a proof for " + offerLine, e);
        }
    }
}
