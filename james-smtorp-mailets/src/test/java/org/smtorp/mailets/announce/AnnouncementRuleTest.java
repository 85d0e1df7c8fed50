/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.smtorp.mailets.announce.AnnouncementVerdict.Kind;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.dkim.DkimResult;
import org.smtorp.protocol.dkim.DkimVerification;
import org.smtorp.protocol.dkim.DkimKeys;

class AnnouncementRuleTest {
    private static final String ONION = AnnouncedAddressesTest.ONION;
    private static final String OTHER_ONION = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    private static final Fingerprint KEY = Fingerprint.of(new byte[] {4, 2});
    private static final Fingerprint OTHER_KEY = Fingerprint.of(new byte[] {6, 6});
    private static final String PROVED = ProvedSender.of(OnionAddress.parse(ONION), KEY).asString();
    private static final String ANNOUNCED = "alice@" + KEY.abbreviate(80).asString() + "." + ONION;
    private static final DkimKeys KEYS = new DkimKeys();
    private static final String SIGNED_ANNOUNCED = "carol@" + ONION;

    private static Announcement overSmtorp(String header, String from, String envelope) throws Exception {
        return Announcement.of(List.of(header), List.of(from), Optional.of(new MailAddress(envelope)),
            Optional.of(PROVED), DkimResult.NONE);
    }

    /** The mail as RecordSmtorpAddress reads it, its signatures verified with KEYS. */
    private static Announcement received(String message) throws Exception {
        Mail mail = FakeMail.builder().name("mail").sender("carol@example.org").recipient("bob@example.com")
            .mimeMessage(DkimKeys.parse(message)).build();
        return Announcement.from(mail, DkimVerification.with(KEYS.retriever()));
    }

    private static String signedByExampleOrg(String tags) throws Exception {
        return KEYS.signed(RecordSmtorpAddressDkimTest.message("carol@example.org",
            "SMTorP-Address: " + SIGNED_ANNOUNCED), "example.org", tags);
    }

    @Test
    void aMailWithoutTheHeaderShouldRecordNothing() {
        Announcement mail = Announcement.of(List.of(), List.of("alice@example.org"), Optional.empty(),
            Optional.of(PROVED), DkimResult.NONE);

        assertThat(AnnouncementRule.judge(mail).kind()).isEqualTo(Kind.NONE);
    }

    @Test
    void aProvedOnionAnnouncingItsOwnMailboxShouldBeAuthenticatedPendingTheOnionCheck() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(overSmtorp(ANNOUNCED, "alice@" + ONION,
            "alice@" + ONION));

        assertThat(verdict.kind()).isEqualTo(Kind.AUTHENTICATED);
        assertThat(verdict.address()).isEqualTo(new MailAddress("alice@" + ONION));
        assertThat(verdict.smtorpAddress()).isEqualTo(SmtorpAddress.parse(ANNOUNCED));
        assertThat(verdict.onionToCheck()).contains(ProvedSender.parse(PROVED));
        assertThat(verdict.reason()).isEqualTo("arrived over SMTorP from " + ONION + " with its key "
            + KEY.abbreviate(80).asString() + " proved");
    }

    @Test
    void aFromWithTheFingerprintedDomainShouldCountAsTheOnion() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(overSmtorp(ANNOUNCED, ANNOUNCED, "alice@" + ONION));

        assertThat(verdict.address()).isEqualTo(new MailAddress("alice@" + ONION));
    }

    @Test
    void aProvedOnionAnnouncingAnotherOnionShouldBeRefused() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(overSmtorp("alice@" + OTHER_ONION, "alice@" + ONION,
            "alice@" + ONION));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).contains("names " + OTHER_ONION + ", not the onion that proved its key");
    }

    @Test
    void aFingerprintOfAnotherKeyShouldBeRefused() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(overSmtorp(
            "alice@" + OTHER_KEY.asString() + "." + ONION, "alice@" + ONION, "alice@" + ONION));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).contains("not that of the key");
    }

    @Test
    void anEnvelopeSenderElsewhereShouldBeRefused() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(overSmtorp(ANNOUNCED, "alice@" + ONION,
            "alice@example.org"));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).isEqualTo("the envelope sender is not at " + ONION);
    }

    @Test
    void anotherMailboxAtTheOnionShouldBeRefused() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(overSmtorp(ANNOUNCED, "bob@" + ONION, "bob@" + ONION));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).doesNotContain("alice").doesNotContain("bob");
    }

    @Test
    void aProvedOnionClaimingALegacyFromShouldBeRefused() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(overSmtorp(ANNOUNCED, "alice@example.org",
            "alice@" + ONION));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).contains("From @example.org is not at the onion that proved its key");
    }

    @Test
    void aMailWithNeitherProofNorDkimShouldBeRefusedNamingNoLocalPart() {
        Announcement mail = Announcement.of(List.of(ANNOUNCED), List.of("alice@" + ONION), Optional.empty(),
            Optional.empty(), DkimResult.NONE);

        AnnouncementVerdict verdict = AnnouncementRule.judge(mail);

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).startsWith("not authenticated").doesNotContain("alice");
    }

    @Test
    void twoHeadersShouldBeRefused() throws Exception {
        Announcement mail = Announcement.of(List.of(ANNOUNCED, ANNOUNCED), List.of("alice@" + ONION),
            Optional.of(new MailAddress("alice@" + ONION)), Optional.of(PROVED), DkimResult.NONE);

        assertThat(AnnouncementRule.judge(mail).reason()).isEqualTo("2 SMTorP-Address fields; one at most counts");
    }

    @Test
    void aHeaderThatIsNoSmtorpAddressShouldBeRefusedNamingTheRule() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(overSmtorp("alice@example.org", "alice@" + ONION,
            "alice@" + ONION));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).startsWith("SMTorP-Address is not an SMTorP address (");
    }

    @Test
    void aHeaderInAngleBracketsShouldBeRead() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(overSmtorp("<" + ANNOUNCED + ">", "alice@" + ONION,
            "alice@" + ONION));

        assertThat(verdict.kind()).isEqualTo(Kind.AUTHENTICATED);
    }

    @Test
    void twoFromFieldsShouldBeRefusedWhateverTheyHold() throws Exception {
        Announcement mail = Announcement.of(List.of(ANNOUNCED), 2, List.of("alice@" + ONION),
            Optional.of(new MailAddress("alice@" + ONION)), Optional.of(PROVED), DkimResult.NONE);

        assertThat(AnnouncementRule.judge(mail).reason()).isEqualTo("the message has 2 From fields, not one");
    }

    @Test
    void aVerifiedSignatureOfTheFromDomainCoveringFromAndTheHeaderShouldBeAuthenticated() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(received(signedByExampleOrg(
            "h=from:to:subject:smtorp-address")));

        assertThat(verdict.kind()).isEqualTo(Kind.AUTHENTICATED);
        assertThat(verdict.address()).isEqualTo(new MailAddress("carol@example.org"));
        assertThat(verdict.smtorpAddress()).isEqualTo(SmtorpAddress.parse(SIGNED_ANNOUNCED));
        assertThat(verdict.onionToCheck()).isEmpty();
        assertThat(verdict.reason()).isEqualTo("DKIM signature of example.org verified, covering From and "
            + "SMTorP-Address");
    }

    @Test
    void theFromDomainShouldMatchDWithoutCase() throws Exception {
        String message = KEYS.signed(RecordSmtorpAddressDkimTest.message("carol@Example.ORG",
            "SMTorP-Address: " + SIGNED_ANNOUNCED), "EXAMPLE.org", "h=from:smtorp-address");

        assertThat(AnnouncementRule.judge(received(message)).kind()).isEqualTo(Kind.AUTHENTICATED);
    }

    @Test
    void aVerifiedSignatureNotCoveringTheHeaderShouldBeRefusedNamingTheRule() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(received(signedByExampleOrg("h=from:to:subject")));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).isEqualTo("no verified DKIM signature of example.org covers both From and "
            + "SMTorP-Address in its h= list");
    }

    @Test
    void aCoveringSignatureBesideANonCoveringOneOfTheSameDomainShouldBeAuthenticated() throws Exception {
        String message = signedByExampleOrg("h=from:to:subject:smtorp-address");
        String twice = KEYS.sign(message, "example.org", "h=from:to:subject") + "\r\n" + message;

        assertThat(AnnouncementRule.judge(received(twice)).kind()).isEqualTo(Kind.AUTHENTICATED);
    }

    @Test
    void aVerifiedSignatureOfAnotherDomainShouldBeRefusedNamingTheFromDomain() throws Exception {
        String message = KEYS.signed(RecordSmtorpAddressDkimTest.message("carol@example.org",
            "SMTorP-Address: " + SIGNED_ANNOUNCED), "mailer.example.net", "h=from:smtorp-address");

        AnnouncementVerdict verdict = AnnouncementRule.judge(received(message));

        assertThat(verdict.reason()).isEqualTo("no verified DKIM signature of the From domain example.org "
            + "(d=example.org)");
    }

    // Strict alignment: a parent or a subdomain of the From domain does not sign for it.
    // Issue 13's forgery: a valid signature of attacker.example whose i= jDKIM decodes to
    // "x)(identity @victim.example)@attacker.example", beside a signature of the From domain
    // that verifies nothing. Only the record of the signature that verified counts.
    @Test
    void aPassOfAnotherDomainWithAnIdentityThatNamesTheFromDomainShouldBeRefused() throws Exception {
        String mail = RecordSmtorpAddressDkimTest.message("carol@example.org", "SMTorP-Address: " + SIGNED_ANNOUNCED);
        String unverifiable = "DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=x; h=from:smtorp-address; "
            + "bh=AA==; b=AA==";
        String attackers = KEYS.sign(unverifiable + "\r\n" + mail, "attacker.example",
            "i=x=29=28identity=20@example.org=29@attacker.example; h=from:smtorp-address");

        AnnouncementVerdict verdict = AnnouncementRule.judge(received(attackers + "\r\n" + unverifiable + "\r\n"
            + mail));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).isEqualTo("no verified DKIM signature of the From domain example.org "
            + "(d=example.org)");
    }

    @Test
    void aVerifiedSignatureOfASubdomainShouldBeRefused() throws Exception {
        String message = KEYS.signed(RecordSmtorpAddressDkimTest.message("carol@example.org",
            "SMTorP-Address: " + SIGNED_ANNOUNCED), "mail.example.org", "h=from:smtorp-address");

        assertThat(AnnouncementRule.judge(received(message)).kind()).isEqualTo(Kind.REFUSED);
    }

    @Test
    void aBodyLengthLimitShouldBeRefusedNamingIt() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(received(signedByExampleOrg(
            "l=5; h=from:to:subject:smtorp-address")));

        assertThat(verdict.reason()).isEqualTo("the verified DKIM signature of example.org signs only the first "
            + "l= octets of the body: anything may follow them");
    }

    @Test
    void noVerifiedSignatureShouldBeRefused() throws Exception {
        String message = "DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=mail; h=from:smtorp-address; "
            + "bh=AA==; b=AA==\r\n" + RecordSmtorpAddressDkimTest.message("carol@example.org",
            "SMTorP-Address: " + SIGNED_ANNOUNCED);

        AnnouncementVerdict verdict = AnnouncementRule.judge(received(message));

        assertThat(verdict.reason()).isEqualTo("no DKIM signature verified and it did not arrive over SMTorP with "
            + "a proved key");
    }

    @Test
    void aKeyThatCanNotBeFetchedForNowShouldBeRefused() throws Exception {
        DkimKeys down = new DkimKeys();
        String message = down.signed(RecordSmtorpAddressDkimTest.message("carol@example.org",
            "SMTorP-Address: " + SIGNED_ANNOUNCED), "example.org", "h=from:smtorp-address");
        down.dnsDown();
        Mail mail = FakeMail.builder().name("mail").recipient("bob@example.com")
            .mimeMessage(DkimKeys.parse(message)).build();

        AnnouncementVerdict verdict = AnnouncementRule.judge(Announcement.from(mail,
            DkimVerification.with(down.retriever())));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).startsWith("no DKIM signature verified (a key could not be fetched for now)");
    }

    @Test
    void moreSignaturesThanTheLimitShouldNotBeVerified() throws Exception {
        DkimKeys keys = new DkimKeys();
        String message = keys.signed(RecordSmtorpAddressDkimTest.message("carol@example.org",
            "SMTorP-Address: " + SIGNED_ANNOUNCED), "example.org", "h=from:smtorp-address");
        for (int i = 0; i < DkimVerification.MAX_SIGNATURES; i++) {
            message = "DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=x" + i + "; h=from; bh=AA==; b=AA==\r\n"
                + message;
        }
        Mail mail = FakeMail.builder().name("mail").recipient("bob@example.com")
            .mimeMessage(DkimKeys.parse(message)).build();

        AnnouncementVerdict verdict = AnnouncementRule.judge(Announcement.from(mail,
            DkimVerification.with(keys.retriever())));

        assertThat(verdict.reason()).startsWith("more than 10 DKIM signatures, none verified");
        assertThat(keys.lookups()).isEmpty();
    }

    @Test
    void aMailWithoutTheHeaderShouldCostNoKeyLookup() throws Exception {
        DkimKeys keys = new DkimKeys();
        String message = keys.signed(RecordSmtorpAddressDkimTest.message("carol@example.org"), "example.org",
            "h=from:to:subject");
        Mail mail = FakeMail.builder().name("mail").recipient("bob@example.com")
            .mimeMessage(DkimKeys.parse(message)).build();

        Announcement announcement = Announcement.from(mail, DkimVerification.with(keys.retriever()));

        assertThat(AnnouncementRule.judge(announcement).kind()).isEqualTo(Kind.NONE);
        assertThat(keys.lookups()).isEmpty();
    }

    @Test
    void twoFromAddressesInOneFieldShouldBeRefused() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(received(KEYS.signed(
            RecordSmtorpAddressDkimTest.message("carol@example.org, dave@example.org",
                "SMTorP-Address: " + SIGNED_ANNOUNCED), "example.org", "h=from:smtorp-address")));

        assertThat(verdict.reason()).isEqualTo("the message has 2 From addresses, not one");
    }
}
