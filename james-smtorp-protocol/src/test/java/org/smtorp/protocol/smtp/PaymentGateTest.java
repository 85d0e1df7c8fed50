/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.Test;
import org.apache.james.core.Domain;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.dkim.DkimKeys;
import org.smtorp.protocol.dkim.DkimVerification;
import org.smtorp.protocol.dkim.ListedDomainKeys;
import org.smtorp.protocol.identity.OnionServiceKey;
import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solver;
import org.smtorp.protocol.pow.hashcash.HashcashMinter;
import org.smtorp.protocol.pow.hashcash.InMemorySpentStampStore;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.smtorp.protocol.sender.ProvedSender;

class PaymentGateTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final AlgorithmRegistry WITH_HASHCASH = AlgorithmRegistry.defaults(CLOCK)
        .withSettings(List.of("argon2id=1", "sha256=4", "hashcash=8 deprecated=never"));
    private static final AlgorithmRegistry WITHOUT_HASHCASH = WITH_HASHCASH.withSettings(List.of("hashcash=off"));
    private static final String ALICE = "alice@example.onion";
    private static final String BOB = "bob@example.onion";
    private static final int MAX_UNPAID_RECIPIENTS = 5;

    private static final String PARTNER_DOMAIN = "partner.example";
    private static final OnionServiceKey PARTNER = OnionServiceKey.generate(new SecureRandom());
    private static final Fingerprint PARTNER_KEY = Fingerprint.of(new byte[] {1, 2, 3});
    private static final SenderExemptions EXEMPTIONS = SenderExemptions.of(
        List.of(SmtorpDomain.of(PARTNER_KEY.abbreviate(Fingerprint.MIN_BITS), PARTNER.onion())),
        List.of(Domain.of(PARTNER_DOMAIN)));

    private final DkimKeys dkimKeys = new DkimKeys();
    private final PaymentGate gate = new PaymentGate(WITH_HASHCASH,
        Optional.of(new HashcashStamps(InMemorySpentStampStore.create(CLOCK), CLOCK)), MAX_UNPAID_RECIPIENTS,
        SenderExemptions.none(), DkimVerification.with(dkimKeys.retriever()));
    private final PaymentGate proofsOnly = new PaymentGate(WITHOUT_HASHCASH, Optional.empty(), MAX_UNPAID_RECIPIENTS,
        SenderExemptions.none(), DkimVerification.with(dkimKeys.retriever()));
    private final PaymentGate exempting = new PaymentGate(WITHOUT_HASHCASH, Optional.empty(), MAX_UNPAID_RECIPIENTS,
        EXEMPTIONS, listedDkim());
    private final PaymentGate stampsOrDkim = new PaymentGate(WITH_HASHCASH,
        Optional.of(new HashcashStamps(InMemorySpentStampStore.create(CLOCK), CLOCK)), MAX_UNPAID_RECIPIENTS,
        EXEMPTIONS, listedDkim());
    private final SMTPSession session = TestSessions.underTls();

    private DkimVerification listedDkim() {
        return DkimVerification.exempting(ListedDomainKeys.of(dkimKeys.retriever(), EXEMPTIONS.dkimDomains()));
    }

    private void paidWithProof(int recipients) {
        session.setAttachment(Payment.KEY, Payment.proof("sha256", 4, recipients), State.Transaction);
    }

    private void envelope(String... recipients) throws Exception {
        session.setAttachment(SMTPSession.SENDER, MaybeSender.getMailSender("bob@example.com"), State.Transaction);
        List<MailAddress> list = new ArrayList<>();
        for (String recipient : recipients) {
            list.add(new MailAddress(recipient));
        }
        session.setAttachment(SMTPSession.RCPT_LIST, list, State.Transaction);
    }

    private static Mail mail(List<String> recipients, String... stamps) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        for (String stamp : stamps) {
            message.addHeader("X-Hashcash", stamp);
        }
        message.setText("hello");
        message.saveChanges();
        List<MailAddress> addresses = new ArrayList<>();
        for (String recipient : recipients) {
            addresses.add(new MailAddress(recipient));
        }
        return MailImpl.builder().name("test").sender("bob@example.com").addRecipients(addresses)
            .mimeMessage(message).build();
    }

    private static String stamp(String resource) throws Exception {
        return HashcashMinter.of(Solver.withThreads(1), CLOCK, new SecureRandom())
            .mint(resource, 8, Duration.ofSeconds(30), ProgressListener.NONE).get().asString();
    }

    private static Optional<AttributeValue<?>> payment(Mail mail) {
        return mail.getAttribute(AttributeName.of("smtorp.pow")).map(attribute -> attribute.getValue());
    }

    @Test
    void rcptShouldPassUpToTheDeclaredCount() throws Exception {
        paidWithProof(2);
        envelope(ALICE);

        assertThat(gate.onRcpt(session)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void rcptShouldBeRefusedBeyondTheDeclaredCount() throws Exception {
        paidWithProof(2);
        envelope(ALICE, BOB);

        HookResult result = gate.onRcpt(session);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("452");
        assertThat(result.getSmtpDescription())
            .isEqualTo("4.5.3 Too many recipients: the proof of work covers 2; send the others in another transaction");
    }

    @Test
    void rcptShouldPassWithoutAProofUpToTheUnpaidLimit() throws Exception {
        envelope(recipients(MAX_UNPAID_RECIPIENTS - 1));

        assertThat(gate.onRcpt(session)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void rcptShouldBeRefusedWithoutAProofBeyondTheUnpaidLimit() throws Exception {
        envelope(recipients(MAX_UNPAID_RECIPIENTS));

        HookResult result = gate.onRcpt(session);

        assertThat(result.getSmtpRetCode()).isEqualTo("452");
        assertThat(result.getSmtpDescription()).startsWith("4.5.3 Too many recipients: at most 5 without a proof");
    }

    @Test
    void aProofShouldLiftTheUnpaidLimitToItsDeclaredCount() throws Exception {
        paidWithProof(MAX_UNPAID_RECIPIENTS + 2);
        envelope(recipients(MAX_UNPAID_RECIPIENTS + 1));

        assertThat(gate.onRcpt(session)).isEqualTo(HookResult.DECLINED);
    }

    private static String[] recipients(int count) {
        String[] recipients = new String[count];
        for (int i = 0; i < count; i++) {
            recipients[i] = "user" + i + "@example.onion";
        }
        return recipients;
    }

    @Test
    void dataShouldBeRefusedWithoutAProofWhenHashcashIsOff() throws Exception {
        envelope(ALICE);

        assertThat(proofsOnly.onData(session).getRetCode()).isEqualTo("530");
        assertThat(proofsOnly.onData(session).getLines()).containsExactly(
            "530 5.7.0 Proof of work required: send XPOW before MAIL FROM (see the EHLO reply),"
                + " or ask this server's operator to list your onion (proved with XONION) or your DKIM domain");
    }

    @Test
    void dataShouldPassWithAProof() throws Exception {
        envelope(ALICE);
        paidWithProof(1);

        assertThat(proofsOnly.onData(session)).isNull();
    }

    @Test
    void dataShouldPassWithoutAProofWhenStampsCanPay() throws Exception {
        envelope(ALICE);

        assertThat(gate.onData(session)).isNull();
    }

    @Test
    void dataShouldBeLeftToJamesWithoutAnEnvelope() throws Exception {
        assertThat(proofsOnly.onData(session)).isNull();
        session.setAttachment(SMTPSession.SENDER, MaybeSender.nullSender(), State.Transaction);
        assertThat(proofsOnly.onData(session)).isNull();
    }

    @Test
    void messageWithAProofShouldCarryItsAlgorithmAndBits() throws Exception {
        paidWithProof(1);
        Mail mail = mail(List.of(ALICE));

        assertThat(gate.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(payment(mail)).contains(AttributeValue.of("sha256:4"));
    }

    @Test
    void messageWithAStampPerRecipientShouldCarryHashcash() throws Exception {
        Mail mail = mail(List.of(ALICE, BOB), stamp(ALICE), stamp(BOB));

        assertThat(gate.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(payment(mail)).contains(AttributeValue.of("hashcash:8"));
    }

    @Test
    void messageWithoutAStampShouldBeRefusedNamingTheRecipient() throws Exception {
        Mail mail = mail(List.of(ALICE, BOB), stamp(ALICE));

        HookResult result = gate.onMessage(session, mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(result.getSmtpDescription())
            .isEqualTo("5.7.0 no X-Hashcash stamp for " + BOB + " (1 X-Hashcash header, none for it)");
        assertThat(payment(mail)).isEmpty();
    }

    @Test
    void messageWithoutAProofShouldBeRefusedWhenHashcashIsOff() throws Exception {
        Mail mail = mail(List.of(ALICE), stamp(ALICE));

        HookResult result = proofsOnly.onMessage(session, mail);

        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(result.getSmtpDescription()).startsWith("5.7.0 Proof of work required");
    }

    private void proved(Fingerprint key) {
        session.setAttachment(XonionHandler.PROVED, ProvedSender.of(PARTNER.onion(), key), State.Connection);
    }

    private static Optional<AttributeValue<?>> exemption(Mail mail) {
        return mail.getAttribute(AttributeName.of(Exemption.ATTRIBUTE)).map(attribute -> attribute.getValue());
    }

    private static Mail signedMail(String raw) throws Exception {
        return MailImpl.builder().name("signed").sender("bob@" + PARTNER_DOMAIN).addRecipient(new MailAddress(ALICE))
            .mimeMessage(DkimKeys.parse(raw)).build();
    }

    private static String message() {
        return "From: bob@" + PARTNER_DOMAIN + "\r\nTo: " + ALICE + "\r\nSubject: hello\r\n\r\nHello.\r\n";
    }

    @Test
    void dataShouldBeRefusedWithOneLineSayingWhatTheSendingOperatorCanDo() throws Exception {
        envelope(ALICE);

        assertThat(proofsOnly.onData(session).getLines()).singleElement().asString()
            .startsWith("530 5.7.0 ")
            .contains("send XPOW before MAIL FROM")
            .contains("list your onion (proved with XONION) or your DKIM domain");
    }

    @Test
    void aListedPartnerWithItsListedKeyShouldPayNothing() throws Exception {
        proved(PARTNER_KEY);
        envelope(recipients(MAX_UNPAID_RECIPIENTS + 1));
        Mail mail = mail(List.of(ALICE));

        assertThat(exempting.onRcpt(session)).isEqualTo(HookResult.DECLINED);
        assertThat(exempting.onData(session)).isNull();
        assertThat(session.getAttachment(Exemption.KEY, State.Transaction)).isPresent();
        assertThat(exempting.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(exemption(mail)).contains(AttributeValue.of("xonion " + PARTNER.onion().asString()));
        assertThat(payment(mail)).isEmpty();
    }

    @Test
    void aListedOnionProvedWithAnotherKeyShouldPayLikeAnyone() throws Exception {
        proved(Fingerprint.of(new byte[] {9, 9, 9}));
        envelope(ALICE);

        assertThat(exempting.onData(session)).isNull(); // a DKIM domain is listed: judged with the message
        HookResult result = exempting.onMessage(session, mail(List.of(ALICE)));

        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(session.getAttachment(Exemption.KEY, State.Transaction)).isEmpty();
    }

    @Test
    void aListedPartnerShouldPayLikeAnyoneWhenNothingIsListed() throws Exception {
        proved(PARTNER_KEY);
        envelope(ALICE);

        assertThat(proofsOnly.onData(session).getRetCode()).isEqualTo("530");
    }

    @Test
    void dataShouldPassWithoutAProofWhenADkimDomainIsListed() throws Exception {
        envelope(ALICE);

        assertThat(exempting.onData(session)).isNull();
        assertThat(session.getAttachment(Exemption.KEY, State.Transaction)).isEmpty();
    }

    @Test
    void aMessageSignedByAListedDomainShouldBeAcceptedWithoutAProof() throws Exception {
        Mail mail = signedMail(dkimKeys.signed(message(), PARTNER_DOMAIN, "h=from:to:subject"));

        assertThat(exempting.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(exemption(mail)).contains(AttributeValue.of("dkim " + PARTNER_DOMAIN));
    }

    @Test
    void aMessageSignedByAnUnlistedDomainShouldBeRefused() throws Exception {
        Mail mail = signedMail(dkimKeys.signed(message(), "other.example", "h=from:to:subject"));

        HookResult result = exempting.onMessage(session, mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.0 " + PaymentGate.NO_PROOF);
        assertThat(exemption(mail)).isEmpty();
    }

    @Test
    void aMessageSignedWithAnotherKeyThanTheListedDomainPublishesShouldBeRefused() throws Exception {
        DkimKeys forger = new DkimKeys();
        dkimKeys.sign(message(), PARTNER_DOMAIN, "h=from:to:subject"); // the domain's real key, served to us
        Mail mail = signedMail(forger.signed(message(), PARTNER_DOMAIN, "h=from:to:subject"));

        HookResult result = exempting.onMessage(session, mail);

        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(exemption(mail)).isEmpty();
    }

    @Test
    void aMessageAlteredAfterSigningShouldBeRefused() throws Exception {
        String signed = dkimKeys.signed(message(), PARTNER_DOMAIN, "h=from:to:subject");
        Mail mail = signedMail(signed.replace("Hello.", "Buy now."));

        assertThat(exempting.onMessage(session, mail).getSmtpRetCode()).isEqualTo("530");
    }

    @Test
    void aListedDomainWhoseKeyCanNotBeFetchedShouldBeDeferred() throws Exception {
        Mail mail = signedMail(dkimKeys.signed(message(), PARTNER_DOMAIN, "h=from:to:subject"));
        dkimKeys.dnsDown();

        HookResult result = exempting.onMessage(session, mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.4.3 ");
    }

    @Test
    void signaturesShouldNotBeVerifiedWhenNoDomainIsListed() throws Exception {
        Mail mail = signedMail(dkimKeys.signed(message(), PARTNER_DOMAIN, "h=from:to:subject"));

        assertThat(proofsOnly.onMessage(session, mail).getSmtpRetCode()).isEqualTo("530");
        assertThat(dkimKeys.lookups()).isEmpty();
    }

    @Test
    void aListedDomainWhoseKeyCanNotBeFetchedShouldBeDeferredWhenStampsAreOfferedAndNoneIsThere() throws Exception {
        Mail mail = signedMail(dkimKeys.signed(message(), PARTNER_DOMAIN, "h=from:to:subject"));
        dkimKeys.dnsDown();

        HookResult result = stampsOrDkim.onMessage(session, mail);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.4.3 ");
    }

    @Test
    void stampsShouldStillPayWhenAListedDomainsKeyCanNotBeFetched() throws Exception {
        String raw = "X-Hashcash: " + stamp(ALICE) + "\r\n" + message();
        Mail mail = signedMail(dkimKeys.signed(raw, PARTNER_DOMAIN, "h=from:to:subject"));
        dkimKeys.dnsDown();

        assertThat(stampsOrDkim.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
        assertThat(payment(mail)).contains(AttributeValue.of("hashcash:8"));
    }

    @Test
    void aMessageRefusedUnpaidShouldCountTowardTheConnectionsErrorLimit() throws Exception {
        Mail mail = signedMail(dkimKeys.signed(message(), "stranger.example", "h=from:to:subject"));

        exempting.onMessage(session, mail);
        stampsOrDkim.onMessage(session, mail);

        assertThat(ErrorLimitHandler.refused(session)).isEqualTo(2);
    }

    @Test
    void aDeferredMessageShouldNotCount() throws Exception {
        Mail mail = signedMail(dkimKeys.signed(message(), PARTNER_DOMAIN, "h=from:to:subject"));
        dkimKeys.dnsDown();

        exempting.onMessage(session, mail);

        assertThat(ErrorLimitHandler.refused(session)).isZero();
    }
}
