/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.pow.xpow.Verdict;
import org.smtorp.protocol.pow.xpow.XpowVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XPOW exchange of docs/xpow.md: the offer in the EHLO reply under TLS, with a
 * fresh challenge each time, and the {@code XPOW} verb before MAIL FROM, checked
 * against the session's challenge and transaction number. An accepted proof pays
 * for the transaction ({@link Payment#KEY}); a refused one counts toward the connection's
 * {@link FailedProofs}, together with XONION's, and the one that reaches the limit is
 * answered {@code 421 4.7.0} and closes the connection.
 * Order and TLS are checked before the proof, so none of those refusals costs a hash.
 */
final class XpowProofs {
    private static final Logger LOGGER = LoggerFactory.getLogger(XpowProofs.class);

    private static final Response TLS_REQUIRED = new SMTPResponse(SMTPRetCode.AUTH_REQUIRED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER)
            + " XPOW needs TLS: issue STARTTLS, then EHLO").immutable();
    private static final Response EHLO_FIRST = badSequence(
        "Send EHLO first (under TLS): its reply carries the XPOW challenge");
    private static final Response AFTER_MAIL = badSequence("XPOW must come before MAIL FROM");
    private static final Response ALREADY_PAID = badSequence(
        "A proof was already accepted for this transaction; RSET to start another");
    // Replies quote the client's text: keep them one line of printable ASCII.
    private static final char REPLACEMENT = '?';

    private final AlgorithmRegistry registry;
    private final XpowVerifier verifier;
    private final int maxFailedProofs;
    private final SecureRandom random;
    private final ProofMetrics metrics;

    XpowProofs(AlgorithmRegistry registry, int maxFailedProofs, SecureRandom random, ProofMetrics metrics) {
        this.registry = requireNonNull(registry, "registry");
        this.metrics = requireNonNull(metrics, "metrics");
        this.verifier = XpowVerifier.of(registry);
        this.maxFailedProofs = maxFailedProofs;
        this.random = requireNonNull(random, "random");
        if (maxFailedProofs < 1) {
            throw new IllegalArgumentException("maxFailedProofs must be at least 1: " + maxFailedProofs);
        }
    }

    private static Response badSequence(String text) {
        return new SMTPResponse(SMTPRetCode.BAD_SEQUENCE,
            DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_CMD) + " " + text).immutable();
    }

    /**
     * The EHLO keyword line, under TLS only. Each call makes a fresh challenge the
     * session's, since EHLO asks for exactly one each time it answers.
     */
    List<String> offer(SMTPSession session) {
        // Our limit for XONION's failures too: XONION, like XPOW, needs an EHLO first. Set once, so a
        // new EHLO keeps the count. (Not at connect: James's JMX monitors refuse a null greeting.)
        if (session.getAttachment(FailedProofs.KEY, State.Connection).isEmpty()) {
            session.setAttachment(FailedProofs.KEY, FailedProofs.none(maxFailedProofs), State.Connection);
        }
        if (!session.isTLSStarted()) {
            return List.of();
        }
        Challenge challenge = Challenge.random(random);
        session.setAttachment(XpowConnection.KEY, connection(session).withChallenge(challenge), State.Connection);
        return List.of(registry.offer(challenge).asString());
    }

    /** Answers {@code XPOW <arguments>}; {@code arguments} is null when the client sent none. */
    Response prove(SMTPSession session, String arguments) {
        if (!session.isTLSStarted()) {
            return TLS_REQUIRED;
        }
        XpowConnection connection = connection(session);
        Optional<Challenge> challenge = connection.challenge();
        if (challenge.isEmpty()) {
            return EHLO_FIRST;
        }
        if (session.getAttachment(SMTPSession.SENDER, State.Transaction).isPresent()) {
            return AFTER_MAIL;
        }
        if (session.getAttachment(Payment.KEY, State.Transaction).isPresent()) {
            return ALREADY_PAID;
        }
        Verdict verdict = verifier.verify(challenge.get(), connection.transaction(),
            arguments == null ? "" : arguments);
        metrics.record(verdict);
        if (verdict.isAccepted()) {
            session.setAttachment(Payment.KEY, Payment.of(verdict), State.Transaction);
            session.setAttachment(XpowConnection.KEY, connection.afterAcceptedProof(), State.Connection);
            LOGGER.debug("XPOW accepted in transaction {}: {}", connection.transaction(), verdict.message());
            return reply(String.valueOf(verdict.replyCode()), verdict.enhancedStatus(), verdict.message());
        }
        return FailedProofs.refuse(session, XpowHandler.XPOW,
            reply(String.valueOf(verdict.replyCode()), verdict.enhancedStatus(), verdict.message()), maxFailedProofs);
    }

    private static XpowConnection connection(SMTPSession session) {
        return session.getAttachment(XpowConnection.KEY, State.Connection).orElse(XpowConnection.NEW);
    }

    private static SMTPResponse reply(String code, String enhancedStatus, String text) {
        return new SMTPResponse(code, enhancedStatus + " " + printable(text));
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : REPLACEMENT);
        }
        return out.toString();
    }
}
