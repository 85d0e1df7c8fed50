/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.james.core.MaybeSender;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.XpowOffer;

class XpowProofsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final AlgorithmRegistry REGISTRY = AlgorithmRegistry.defaults(CLOCK)
        .withSettings(List.of("equihash=1", "argon2id=1", "sha256=16", "hashcash=8 deprecated=never"));
    // Garbage no proof passes but by a 2^-19 chance: argon2id's 18-bit gate, then 1 bit.
    private static final String GARBAGE = "argon2id 1 AAAA";

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final XpowProofs proofs = new XpowProofs(REGISTRY, 3, new SecureRandom(), ProofMetrics.of(metrics));
    private final SMTPSession session = TestSessions.underTls();

    private String ehlo() {
        session.resetState();
        return proofs.offer(session).get(0);
    }

    private static String reply(Response response) {
        return response.getRetCode() + " " + String.join("\n", response.getLines()).substring(4);
    }

    private void endTransaction() {
        session.resetState();
    }

    @Test
    void proveShouldCountEachProofCheckedInJamesMetrics() {
        String offer = ehlo();
        proofs.prove(session, TestProofs.sha256(offer, 1, 3));
        endTransaction();
        proofs.prove(session, GARBAGE);

        assertThat(metrics.countFor(ProofMetrics.ACCEPTED)).isEqualTo(1);
        assertThat(metrics.countFor(ProofMetrics.REFUSED)).isEqualTo(1);
    }

    @Test
    void aRefusalForOrderShouldCountNoProof() {
        proofs.prove(session, GARBAGE);

        assertThat(metrics.countFor(ProofMetrics.ACCEPTED)).isZero();
        assertThat(metrics.countFor(ProofMetrics.REFUSED)).isZero();
    }

    @Test
    void offerShouldBeEmptyBeforeTls() {
        SMTPSession plain = TestSessions.beforeTls();

        assertThat(proofs.offer(plain)).isEmpty();
        assertThat(plain.getAttachment(XpowConnection.KEY, State.Connection)).isEmpty();
    }

    @Test
    void offerShouldListEachAlgorithmWithItsDifficultyToday() {
        assertThat(XpowOffer.parse(ehlo()).difficulties()).containsExactly(
            entry("equihash", 1),
            entry("argon2id", 1),
            entry("sha256", 16),
            entry("hashcash", 8));
    }

    @Test
    void offerShouldMakeAFreshChallengeForEachEhlo() {
        XpowOffer first = XpowOffer.parse(ehlo());
        XpowOffer second = XpowOffer.parse(ehlo());

        assertThat(first.challenge()).isNotEqualTo(second.challenge());
        assertThat(session.getAttachment(XpowConnection.KEY, State.Connection).orElseThrow().challenge())
            .contains(second.challenge());
    }

    @Test
    void proveShouldAcceptAProofForTheSessionsChallenge() {
        String offer = ehlo();

        Response response = proofs.prove(session, TestProofs.sha256(offer, 1, 3));

        assertThat(reply(response)).isEqualTo("250 2.7.0 proof accepted: sha256 at 18 bits for 3 recipients");
        assertThat(response.isEndSession()).isFalse();
        assertThat(session.getAttachment(Payment.KEY, State.Transaction)).contains(Payment.proof("sha256", 18, 3));
    }

    @Test
    void proveShouldCountTransactionsUnderOneChallenge() {
        String offer = ehlo();
        proofs.prove(session, TestProofs.sha256(offer, 1, 1));
        endTransaction();

        assertThat(reply(proofs.prove(session, TestProofs.sha256(offer, 1, 1)))).startsWith("550 5.7.1 ");
        assertThat(reply(proofs.prove(session, TestProofs.sha256(offer, 2, 1)))).startsWith("250 2.7.0 ");
    }

    @Test
    void proveShouldCountFromOneAgainUnderANewChallenge() {
        proofs.prove(session, TestProofs.sha256(ehlo(), 1, 1));
        String second = ehlo();

        assertThat(reply(proofs.prove(session, TestProofs.sha256(second, 1, 1)))).startsWith("250 2.7.0 ");
    }

    @Test
    void proveShouldRefuseAProofForAPreviousChallenge() {
        String first = ehlo();
        ehlo();

        assertThat(reply(proofs.prove(session, TestProofs.sha256(first, 1, 1))))
            .startsWith("550 5.7.1 not enough work: sha256 needs 16 bits for 1 recipient in transaction 1");
    }

    @Test
    void proveShouldRefuseAProofForAnotherRecipientCount() {
        String offer = ehlo();
        String[] words = TestProofs.sha256(offer, 1, 2).split(" ");

        assertThat(reply(proofs.prove(session, "sha256 4 " + words[2]))).startsWith("550 5.7.1 not enough work");
    }

    @Test
    void proveShouldRefuseBeforeTls() {
        SMTPSession plain = TestSessions.beforeTls();

        assertThat(reply(proofs.prove(plain, GARBAGE)))
            .isEqualTo("530 5.7.0 XPOW needs TLS: issue STARTTLS, then EHLO");
    }

    @Test
    void proveShouldRefuseBeforeEhlo() {
        assertThat(reply(proofs.prove(session, GARBAGE)))
            .isEqualTo("503 5.5.1 Send EHLO first (under TLS): its reply carries the XPOW challenge");
    }

    @Test
    void proveShouldRefuseAfterMail() {
        String offer = ehlo();
        session.setAttachment(SMTPSession.SENDER, MaybeSender.nullSender(), State.Transaction);

        assertThat(reply(proofs.prove(session, TestProofs.sha256(offer, 1, 1))))
            .isEqualTo("503 5.5.1 XPOW must come before MAIL FROM");
    }

    @Test
    void proveShouldRefuseASecondProofInOneTransaction() {
        String offer = ehlo();
        proofs.prove(session, TestProofs.sha256(offer, 1, 1));

        assertThat(reply(proofs.prove(session, TestProofs.sha256(offer, 2, 1))))
            .isEqualTo("503 5.5.1 A proof was already accepted for this transaction; RSET to start another");
    }

    @Test
    void proveShouldAnswerMalformedArgumentsWith501() {
        ehlo();

        assertThat(reply(proofs.prove(session, null))).startsWith("501 5.5.2 XPOW takes <alg> <recipients> <nonce>");
    }

    @Test
    void proveShouldAnswerAnOverlongNonceWith501() {
        ehlo();

        assertThat(reply(proofs.prove(session, "sha256 1 " + "A".repeat(44))))
            .isEqualTo("501 5.5.2 sha256 proof must be 1 to 32 bytes (base64url: 2 to 43 characters), not 33");
    }

    @Test
    void proveShouldAnswerAnOverlongLineWith501() {
        ehlo();

        assertThat(reply(proofs.prove(session, "sha256 1 " + "A".repeat(1000))))
            .isEqualTo("501 5.5.2 XPOW arguments are 1009 characters long, at most 260");
    }

    @Test
    void proveShouldAnswerAnUnknownAlgorithmWith504() {
        ehlo();

        assertThat(reply(proofs.prove(session, "scrypt 1 AAAA")))
            .isEqualTo("504 5.5.4 unknown algorithm scrypt; offered: equihash argon2id sha256 hashcash");
    }

    @Test
    void proveShouldAnswerHashcashWith504() {
        ehlo();

        assertThat(reply(proofs.prove(session, "hashcash 1 AAAA"))).startsWith("504 5.5.4 hashcash is not an XPOW");
    }

    @Test
    void proveShouldCloseTheConnectionAtTheThirdFailedProof() {
        ehlo();
        Response first = proofs.prove(session, "scrypt 1 AAAA");
        Response second = proofs.prove(session, GARBAGE);
        Response third = proofs.prove(session, "sha256 x AAAA");

        assertThat(first.isEndSession()).isFalse();
        assertThat(second.isEndSession()).isFalse();
        assertThat(reply(third)).startsWith("421 4.7.0 Too many failed proofs (3), closing connection; the last: "
            + "501 5.5.2 recipients \"x\"");
        assertThat(third.isEndSession()).isTrue();
    }

    @Test
    void failedProofsShouldCountAcrossEhloAndRset() {
        ehlo();
        proofs.prove(session, GARBAGE);
        ehlo();
        proofs.prove(session, GARBAGE);
        endTransaction();

        assertThat(proofs.prove(session, GARBAGE).isEndSession()).isTrue();
    }

    @Test
    void refusalsOfOrderShouldNotCountAsFailedProofs() {
        for (int i = 0; i < 5; i++) {
            proofs.prove(session, GARBAGE);
        }
        String offer = ehlo();

        assertThat(reply(proofs.prove(session, TestProofs.sha256(offer, 1, 1)))).startsWith("250 2.7.0 ");
    }

    @Test
    void repliesShouldQuoteOnlyPrintableAscii() {
        ehlo();

        assertThat(reply(proofs.prove(session, "sha256\r1\u0000x"))).isEqualTo(
            "501 5.5.2 XPOW takes <alg> <recipients> <nonce> separated by single spaces, got \"sha256?1?x\"");
    }
}
