/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.commons.net.smtp.SMTPSClient;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.XpowClient;
import org.smtorp.protocol.pow.xpow.XpowOffer;

/**
 * A James with XpowHandler on four loopback listeners of an {@code smtorp init}
 * identity (conf layer {@code xpow}): implicit TLS, STARTTLS, and implicit TLS where
 * only proofs pay, at low difficulties with every algorithm on; implicit TLS offering
 * equihash alone at its shipped difficulty. Every accepted mail lands in
 * {@link #RECEIVED}, read back over WebAdmin.
 */
final class XpowListener {
    static final String IMPLICIT_TLS = "smtps";
    static final String STARTTLS = "starttls";
    static final String PROOFS_ONLY = "proofsOnly";
    static final String EQUIHASH_ONLY = "equihashOnly";
    static final String WEBADMIN = "webadmin";
    /** Where the conf layer's mailet container stores every accepted mail, as WebAdmin names it. */
    static final String RECEIVED = "var/mail/received";
    /** What the listeners that take stamps offer. */
    static final String DIFFICULTIES = "equihash=1 argon2id=1 sha256=8 hashcash=8";
    static final int HASHCASH_BITS = 8;

    private static final String KEYWORD = "XPOW ";
    private static final Duration SOLVE_BUDGET = Duration.ofSeconds(60);

    private XpowListener() {
    }

    /** James for the identity's onion; spent stamps go to {@code spentStampStore} (relative to James's directory or absolute). */
    static JamesServerExtension james(ServerIdentity identity, String spentStampStore) {
        return JamesServerExtension.withSmtorp(identity.onion().asString())
            .withPort(IMPLICIT_TLS)
            .withPort(STARTTLS)
            .withPort(PROOFS_ONLY)
            .withPort(EQUIHASH_ONLY)
            .withPort(WEBADMIN)
            .configuredWith(conf -> conf
                .confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf", "xpow"))
                .value("keystore", identity.keyStoreFile().toAbsolutePath())
                .value("secret", new String(identity.keyStorePassword()))
                .value("spentStampStore", spentStampStore));
    }

    static ReceivedMails received(JamesServerExtension james) {
        return new ReceivedMails(james.port(WEBADMIN), RECEIVED);
    }

    /** The XPOW keyword line of an EHLO reply (without {@code 250-}), if the server offered one. */
    static Optional<String> ehlo(SMTPSClient smtp) throws IOException {
        assertThat(smtp.sendCommand("EHLO", "client.test")).as(smtp.getReplyString()).isEqualTo(250);
        for (String line : smtp.getReplyStrings()) {
            if (line.length() > 4 && line.substring(4).startsWith(KEYWORD)) {
                return Optional.of(line.substring(4));
            }
        }
        return Optional.empty();
    }

    /** The offer of an EHLO that must carry one. */
    static XpowOffer offer(SMTPSClient smtp) throws IOException {
        return XpowOffer.parse(ehlo(smtp).orElseThrow(() -> new AssertionError("EHLO offered no XPOW: "
            + smtp.getReplyString())));
    }

    /** The XPOW arguments a sender that supports only {@code algorithm} solves for the offer. */
    static String prove(XpowOffer offer, String algorithm, int transaction, int recipients) {
        // From every algorithm a sender supports: sha256 and hashcash are off in a server's defaults.
        List<String> others = AlgorithmRegistry.all(Clock.systemUTC()).algorithms().stream()
            .map(PowAlgorithm::name)
            .filter(name -> !name.equals(algorithm))
            .map(name -> name + "=off")
            .collect(Collectors.toList());
        XpowClient client = XpowClient.of(AlgorithmRegistry.all(Clock.systemUTC()).withSettings(others),
            Solver.onAllCores());
        try {
            return client.prove(offer, client.choose(offer, recipients).orElseThrow(), transaction, recipients,
                SOLVE_BUDGET, ProgressListener.NONE).get().arguments();
        } catch (Exception e) {
            throw new IllegalStateException("could not solve " + algorithm + " for " + offer, e);
        }
    }

    /** A short message with a subject to find it by and the given extra header lines. */
    static String message(String subject, String... headers) {
        StringBuilder message = new StringBuilder("From: bob@example.com\r\nSubject: " + subject + "\r\n");
        for (String header : headers) {
            message.append(header).append("\r\n");
        }
        return message.append("\r\nPaid for.\r\n").toString();
    }
}
