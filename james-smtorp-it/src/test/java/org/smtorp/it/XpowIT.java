/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.commons.net.smtp.SMTPConnectionClosedException;
import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.DigestPrototype;
import org.smtorp.protocol.pow.equihash.EquihashParameters;
import org.smtorp.protocol.pow.equihash.SolutionEncoding;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.pow.xpow.ProofInput;
import org.smtorp.protocol.pow.xpow.XpowOffer;

/**
 * XPOW against a real James: XpowHandler in the handler chain of an {@code smtorp
 * init} identity's TLS listeners, driven by commons-net over TLS from loopback, with
 * proofs solved by our client library; accepted mail is read back over WebAdmin
 * with the attribute that says what paid for it.
 */
class XpowIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("XpowIT");
    private static final String ONION = IDENTITY.onion().asString();
    private static final String ALICE = "alice@" + ONION;
    private static final String CAROL = "carol@" + ONION;
    // Refused but by a 2^-19 chance (argon2id's 18-bit gate, then 1 bit); the tests' sha256 at 8 bits is
    // solved in microseconds, so proofs that must fail are argon2id ones.
    private static final String GARBAGE = "argon2id 1 AAAA";
    /** What equihash proves, and its nonce's length, as docs/xpow.md gives them. */
    private static final EquihashParameters EQUIHASH = EquihashParameters.of(96, 5);
    private static final int NONCE_BYTES = 8;
    private static final DigestPrototype SHA256 = DigestPrototype.of("SHA-256");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    @RegisterExtension
    static JamesServerExtension james = XpowListener.james(IDENTITY, "var/smtorp/hashcash-spent");

    private final List<SMTPSClient> clients = new ArrayList<>();

    @AfterEach
    void disconnect() throws IOException {
        for (SMTPSClient client : clients) {
            SmtpClients.close(client);
        }
    }

    private SMTPSClient implicitTls(String listener) throws IOException {
        SMTPSClient client = SmtpClients.implicitTls(james.port(listener));
        clients.add(client);
        return client;
    }

    private SMTPSClient plain(String listener) throws IOException {
        SMTPSClient client = SmtpClients.plain(james.port(listener));
        clients.add(client);
        return client;
    }

    private static String uniqueSubject() {
        return "xpow-" + UUID.randomUUID();
    }

    private static String xpow(SMTPSClient smtp, String arguments) throws IOException {
        smtp.sendCommand("XPOW", arguments);
        return smtp.getReplyString().trim();
    }

    private static void envelope(SMTPSClient smtp, String... recipients) throws IOException {
        assertThat(smtp.setSender("bob@example.com")).as(smtp.getReplyString()).isTrue();
        for (String recipient : recipients) {
            assertThat(smtp.addRecipient(recipient)).as(smtp.getReplyString()).isTrue();
        }
    }

    private static void deliver(SMTPSClient smtp, String subject, String... recipients) throws IOException {
        envelope(smtp, recipients);
        assertThat(smtp.sendShortMessageData(XpowListener.message(subject))).as(smtp.getReplyString()).isTrue();
    }

    private static String attribute(String algorithmAndBits) {
        return "\"smtorp.pow\":\"" + algorithmAndBits + "\"";
    }

    @Test
    void ehloShouldOfferXpowOnlyAfterStartTls() throws IOException {
        SMTPSClient smtp = plain(XpowListener.STARTTLS);
        assertThat(XpowListener.ehlo(smtp)).isEmpty();
        assertThat(smtp.execTLS()).isTrue();

        assertThat(XpowListener.offer(smtp).parameters()).endsWith(" " + XpowListener.DIFFICULTIES);
    }

    @Test
    void ehloShouldOfferTheConfiguredDifficultiesUnderImplicitTls() throws IOException {
        XpowOffer offer = XpowListener.offer(implicitTls(XpowListener.IMPLICIT_TLS));

        assertThat(offer.asString()).matches("XPOW [A-Za-z0-9_-]{22} " + XpowListener.DIFFICULTIES);
    }

    @Test
    void ehloShouldOfferAFreshChallengeEachTime() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowOffer first = XpowListener.offer(smtp);
        XpowOffer second = XpowListener.offer(smtp);
        XpowOffer another = XpowListener.offer(implicitTls(XpowListener.IMPLICIT_TLS));

        assertThat(first.challenge()).isNotEqualTo(second.challenge()).isNotEqualTo(another.challenge());
    }

    @Test
    void anArgon2idProofShouldBeAcceptedAndTheMailMarkedWithIt() throws Exception {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowOffer offer = XpowListener.offer(smtp);
        String subject = uniqueSubject();

        assertThat(xpow(smtp, XpowListener.prove(offer, "argon2id", 1, 1)))
            .isEqualTo("250 2.7.0 proof accepted: argon2id at 1 bits for 1 recipient");
        deliver(smtp, subject, ALICE);

        assertThat(XpowListener.received(james).awaitMail(subject)).contains(attribute("argon2id:1")).contains(ALICE);
    }

    @Test
    void anEquihashProofShouldBeAcceptedAndTheMailMarkedWithIt() throws Exception {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowOffer offer = XpowListener.offer(smtp);
        String subject = uniqueSubject();

        assertThat(xpow(smtp, XpowListener.prove(offer, "equihash", 1, 1)))
            .isEqualTo("250 2.7.0 proof accepted: equihash at 1 bits for 1 recipient");
        deliver(smtp, subject, ALICE);

        assertThat(XpowListener.received(james).awaitMail(subject)).contains(attribute("equihash:1")).contains(ALICE);
    }

    @Test
    void aListenerWithArgon2idOffShouldOfferEquihashAloneAtItsShippedDifficulty() throws IOException {
        XpowOffer offer = XpowListener.offer(implicitTls(XpowListener.EQUIHASH_ONLY));

        assertThat(offer.parameters()).endsWith(" equihash=" + AlgorithmRegistry.DEFAULT_EQUIHASH_BITS);
        assertThat(offer.difficulties()).containsOnlyKeys("equihash");
    }

    @Test
    void anEquihashSolutionWithARepeatedIndexShouldBeRefusedNamingTheRule() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.EQUIHASH_ONLY);
        XpowOffer offer = XpowListener.offer(smtp);
        // Every index 0: each pair collides (one hash twice) and is in order; only distinctness fails.
        int[] repeated = new int[EQUIHASH.solutionIndices()];

        assertThat(xpow(smtp, equihashPastTheCheapCondition(offer, repeated))).isEqualTo("550 5.7.1 not a valid"
            + " equihash proof (level 1, subtrees at positions 0 and 1: both hold index 0) for 1 recipient in"
            + " transaction 1");
    }

    @Test
    void anEquihashSolutionWhoseHashesDoNotCollideShouldBeRefusedNamingTheRule() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.EQUIHASH_ONLY);
        XpowOffer offer = XpowListener.offer(smtp);
        // Distinct and in order; hashes 0 and 1 agree in their first 16 bits but by a 2^-16 chance.
        int[] ascending = IntStream.range(0, EQUIHASH.solutionIndices()).toArray();

        assertThat(xpow(smtp, equihashPastTheCheapCondition(offer, ascending))).isEqualTo("550 5.7.1 not a valid"
            + " equihash proof (level 1, subtrees at positions 0 and 1: the hashes differ in bits 0 to 15) for 1"
            + " recipient in transaction 1");
    }

    @Test
    void anEquihashProofShortOfTheCheapConditionShouldBeRefusedAsNotEnoughWork() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.EQUIHASH_ONLY);
        XpowOffer offer = XpowListener.offer(smtp);
        byte[] proof = new byte[NONCE_BYTES + EQUIHASH.solutionBytes()];
        byte[] prefix = ProofInput.of("equihash", offer.challenge(), 1, 1).prefix();
        while (SHA256.reaches(prefix, proof, 1)) {
            proof[0]++;
        }

        assertThat(xpow(smtp, "equihash 1 " + BASE64URL.encodeToString(proof))).isEqualTo("550 5.7.1 not enough work:"
            + " equihash needs " + AlgorithmRegistry.DEFAULT_EQUIHASH_BITS + " bits for 1 recipient in transaction 1");
    }

    /**
     * XPOW arguments for transaction 1 and one recipient carrying {@code indices} as the solution,
     * with a nonce ground until the proof meets the offer's cheap SHA-256 condition: so the server
     * runs the Equihash checks on it, as it does for a forger who paid the condition's price.
     */
    private static String equihashPastTheCheapCondition(XpowOffer offer, int[] indices) {
        int bits = offer.difficulties().get("equihash");
        byte[] prefix = ProofInput.of("equihash", offer.challenge(), 1, 1).prefix();
        byte[] solution = SolutionEncoding.encode(EQUIHASH, indices);
        byte[] proof = Arrays.copyOf(new byte[NONCE_BYTES], NONCE_BYTES + solution.length);
        System.arraycopy(solution, 0, proof, NONCE_BYTES, solution.length);
        long nonce = 0;
        while (!SHA256.reaches(prefix, proof, bits)) {
            ByteBuffer.wrap(proof).putLong(0, ++nonce);
        }
        return "equihash 1 " + BASE64URL.encodeToString(proof);
    }

    @Test
    void aSha256ProofForTwoRecipientsShouldPayForBoth() throws Exception {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowOffer offer = XpowListener.offer(smtp);
        String subject = uniqueSubject();

        assertThat(xpow(smtp, XpowListener.prove(offer, "sha256", 1, 2))).startsWith("250 2.7.0 ");
        deliver(smtp, subject, ALICE, CAROL);

        assertThat(XpowListener.received(james).awaitMail(subject)).contains(attribute("sha256:9")).contains(ALICE)
            .contains(CAROL);
    }

    @Test
    void theSecondTransactionOfASessionShouldNeedAProofForTransactionTwo() throws Exception {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowOffer offer = XpowListener.offer(smtp);
        xpow(smtp, XpowListener.prove(offer, "sha256", 1, 1));
        deliver(smtp, uniqueSubject(), ALICE);
        String subject = uniqueSubject();

        assertThat(xpow(smtp, XpowListener.prove(offer, "argon2id", 1, 1))).startsWith("550 5.7.1 not enough work");
        assertThat(xpow(smtp, XpowListener.prove(offer, "sha256", 2, 1))).startsWith("250 2.7.0 ");
        deliver(smtp, subject, ALICE);

        assertThat(XpowListener.received(james).awaitMail(subject)).contains(attribute("sha256:8"));
    }

    @Test
    void aRcptBeyondTheDeclaredCountShouldBeRefused() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        xpow(smtp, XpowListener.prove(XpowListener.offer(smtp), "sha256", 1, 1));
        envelope(smtp, ALICE);

        assertThat(smtp.addRecipient(CAROL)).isFalse();
        assertThat(smtp.getReplyString().trim()).isEqualTo(
            "452 4.5.3 Too many recipients: the proof of work covers 1; send the others in another transaction");
    }

    @Test
    void dataWithoutAProofShouldBeRefusedAtOnceWhereOnlyProofsPay() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.PROOFS_ONLY);
        assertThat(XpowListener.offer(smtp).difficulties()).doesNotContainKey("hashcash");
        envelope(smtp, ALICE);

        assertThat(smtp.sendCommand("DATA")).isEqualTo(530);
        assertThat(smtp.getReplyString().trim())
            .isEqualTo("530 5.7.0 Proof of work required: send XPOW before MAIL FROM (see the EHLO reply),"
                + " or ask this server's operator to list your onion (proved with XONION) or your DKIM domain");
    }

    @Test
    void aMessageWithoutProofOrStampShouldBeRefusedWhenItArrives() throws Exception {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowListener.ehlo(smtp);
        String subject = uniqueSubject();
        envelope(smtp, ALICE);

        assertThat(smtp.sendShortMessageData(XpowListener.message(subject))).isFalse();
        assertThat(smtp.getReplyString().trim()).isEqualTo("530 5.7.0 no X-Hashcash stamp for " + ALICE);
        assertThat(XpowListener.received(james).all(subject)).isEmpty();
    }

    @ParameterizedTest(name = "XPOW {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                         | 501 5.5.2 XPOW takes <alg> <recipients> <nonce> separated by single spaces",
        "sha256  1 AAAA             | 501 5.5.2 XPOW takes <alg> <recipients> <nonce> separated by single spaces",
        "SHA256 1 AAAA              | 501 5.5.2 algorithm \"SHA256\" must be",
        "sha256 0 AAAA              | 501 5.5.2 recipients \"0\" must be a number from 1 to 10000",
        "sha256 10001 AAAA          | 501 5.5.2 recipients \"10001\" must be a number from 1 to 10000",
        "sha256 1 AAA=              | 501 5.5.2 proof",
        "sha256 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA | 501 5.5.2 sha256 proof must be 1 to 32 bytes (base64url: 2 to 43 characters), not 33",
        "equihash 1 AAAA            | 501 5.5.2 equihash proof must be 76 bytes (base64url: 102 characters), not 3",
        "scrypt 1 AAAA              | 504 5.5.4 unknown algorithm scrypt; offered: equihash argon2id sha256 hashcash",
        "hashcash 1 AAAA            | 504 5.5.4 hashcash is not an XPOW algorithm",
        "argon2id 1 AAAA            | 550 5.7.1 not enough work: argon2id needs 1 bits for 1 recipient (SHA-256 gate not passed) in transaction 1"})
    void aBadProofShouldGetItsReplyAndLeaveTheSessionUsable(String arguments, String reply) throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowOffer offer = XpowListener.offer(smtp);

        assertThat(arguments.isEmpty() ? sendBare(smtp) : xpow(smtp, arguments)).startsWith(reply);
        assertThat(xpow(smtp, XpowListener.prove(offer, "sha256", 1, 1))).startsWith("250 2.7.0 ");
    }

    private static String sendBare(SMTPSClient smtp) throws IOException {
        smtp.sendCommand("XPOW");
        return smtp.getReplyString().trim();
    }

    @Test
    void anOverlongXpowLineShouldBeRefusedAsMalformed() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowListener.offer(smtp);

        assertThat(xpow(smtp, "sha256 1 " + "A".repeat(900)))
            .isEqualTo("501 5.5.2 XPOW arguments are 909 characters long, at most 260");
    }

    @Test
    void aProofForAnotherSessionsChallengeShouldBeRefused() throws IOException {
        XpowOffer elsewhere = XpowListener.offer(implicitTls(XpowListener.IMPLICIT_TLS));
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowListener.offer(smtp);

        assertThat(xpow(smtp, XpowListener.prove(elsewhere, "argon2id", 1, 1))).isEqualTo("550 5.7.1 not enough work:"
            + " argon2id needs 1 bits for 1 recipient (SHA-256 gate not passed) in transaction 1");
    }

    @Test
    void aProofForAnotherTransactionShouldBeRefused() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);

        assertThat(xpow(smtp, XpowListener.prove(XpowListener.offer(smtp), "argon2id", 2, 1)))
            .startsWith("550 5.7.1 not enough work: argon2id needs 1 bits for 1 recipient");
    }

    @Test
    void aProofForAnotherRecipientCountShouldBeRefused() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        String[] words = XpowListener.prove(XpowListener.offer(smtp), "argon2id", 1, 1).split(" ");

        assertThat(xpow(smtp, "argon2id 3 " + words[2])).startsWith("550 5.7.1 not enough work: argon2id needs 3 bits");
    }

    @Test
    void xpowBeforeTlsShouldBeRefused() throws IOException {
        SMTPSClient smtp = plain(XpowListener.STARTTLS);
        XpowListener.ehlo(smtp);

        assertThat(xpow(smtp, GARBAGE)).isEqualTo("530 5.7.0 XPOW needs TLS: issue STARTTLS, then EHLO");
    }

    @Test
    void xpowAfterStartTlsShouldWaitForAnEhloUnderTls() throws IOException {
        SMTPSClient smtp = plain(XpowListener.STARTTLS);
        XpowListener.ehlo(smtp);
        assertThat(smtp.execTLS()).isTrue();

        assertThat(xpow(smtp, GARBAGE)).startsWith("503 5.5.1 Send EHLO first");
        assertThat(xpow(smtp, XpowListener.prove(XpowListener.offer(smtp), "sha256", 1, 1))).startsWith("250 2.7.0 ");
    }

    @Test
    void xpowBeforeEhloShouldBeRefused() throws IOException {
        assertThat(xpow(implicitTls(XpowListener.IMPLICIT_TLS), GARBAGE))
            .isEqualTo("503 5.5.1 Send EHLO first (under TLS): its reply carries the XPOW challenge");
    }

    @Test
    void xpowAfterMailShouldBeRefused() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowOffer offer = XpowListener.offer(smtp);
        assertThat(smtp.setSender("bob@example.com")).isTrue();

        assertThat(xpow(smtp, XpowListener.prove(offer, "sha256", 1, 1)))
            .isEqualTo("503 5.5.1 XPOW must come before MAIL FROM");
    }

    @Test
    void aSecondXpowInOneTransactionShouldBeRefused() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowOffer offer = XpowListener.offer(smtp);
        xpow(smtp, XpowListener.prove(offer, "sha256", 1, 1));

        assertThat(xpow(smtp, XpowListener.prove(offer, "sha256", 2, 1)))
            .isEqualTo("503 5.5.1 A proof was already accepted for this transaction; RSET to start another");
    }

    @Test
    void theThirdFailedProofShouldCloseTheConnection() throws IOException {
        SMTPSClient smtp = implicitTls(XpowListener.IMPLICIT_TLS);
        XpowListener.offer(smtp);
        assertThat(xpow(smtp, "scrypt 1 AAAA")).startsWith("504 ");
        assertThat(xpow(smtp, GARBAGE)).startsWith("550 ");

        assertThatThrownBy(() -> smtp.sendCommand("XPOW", GARBAGE)).isInstanceOf(SMTPConnectionClosedException.class);
        assertThat(smtp.getReplyString()).startsWith("421 4.7.0 Too many failed proofs (3), closing connection; "
            + "the last: 550 5.7.1 not enough work");
        assertThatThrownBy(() -> smtp.sendCommand("NOOP")).isInstanceOf(IOException.class);
    }
}
