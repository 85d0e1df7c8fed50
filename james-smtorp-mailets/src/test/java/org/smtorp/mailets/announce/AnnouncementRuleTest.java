/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.smtorp.mailets.announce.AnnouncementVerdict.Kind;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.sender.ProvedSender;

class AnnouncementRuleTest {
    private static final String ONION = AnnouncedAddressesTest.ONION;
    private static final String OTHER_ONION = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    private static final Fingerprint KEY = Fingerprint.of(new byte[] {4, 2});
    private static final Fingerprint OTHER_KEY = Fingerprint.of(new byte[] {6, 6});
    private static final String PROVED = ProvedSender.of(OnionAddress.parse(ONION), KEY).asString();
    private static final String ANNOUNCED = "alice@" + KEY.abbreviate(80).asString() + "." + ONION;
    private static final String COVERING = signature("example.org", "from:to:subject:smtorp-address");
    private static final String NOT_COVERING = signature("example.org", "from:to:subject");

    private static String signature(String domain, String headers) {
        return "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=mail;\r\n\th=" + headers
            + "; bh=AAAA; b=AAAA";
    }

    private static Announcement overSmtorp(String header, String from, String envelope) throws Exception {
        return Announcement.of(List.of(header), List.of(from), Optional.of(new MailAddress(envelope)),
            Optional.of(PROVED), Optional.empty(), List.of());
    }

    private static Announcement withDkim(String header, String from, String result, String... signatures) {
        return Announcement.of(List.of(header), List.of(from), Optional.empty(), Optional.empty(),
            Optional.of(result), List.of(signatures));
    }

    @Test
    void aMailWithoutTheHeaderShouldRecordNothing() {
        Announcement mail = Announcement.of(List.of(), List.of("alice@example.org"), Optional.empty(),
            Optional.of(PROVED), Optional.empty(), List.of());

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
            Optional.empty(), Optional.empty(), List.of());

        AnnouncementVerdict verdict = AnnouncementRule.judge(mail);

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).startsWith("not authenticated").doesNotContain("alice");
    }

    @Test
    void twoHeadersShouldBeRefused() throws Exception {
        Announcement mail = Announcement.of(List.of(ANNOUNCED, ANNOUNCED), List.of("alice@" + ONION),
            Optional.of(new MailAddress("alice@" + ONION)), Optional.of(PROVED), Optional.empty(), List.of());

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
    void aDkimPassOfTheFromDomainCoveringTheHeaderShouldBeAuthenticated() throws Exception {
        AnnouncementVerdict verdict = AnnouncementRule.judge(withDkim(ANNOUNCED, "carol@example.org",
            "pass (identity @example.org)", COVERING));

        assertThat(verdict.kind()).isEqualTo(Kind.AUTHENTICATED);
        assertThat(verdict.address()).isEqualTo(new MailAddress("carol@example.org"));
        assertThat(verdict.onionToCheck()).isEmpty();
        assertThat(verdict.reason()).isEqualTo("DKIM pass for example.org covering SMTorP-Address");
    }

    @Test
    void aDkimPassWhoseSignatureDoesNotCoverTheHeaderShouldBeRefused() {
        AnnouncementVerdict verdict = AnnouncementRule.judge(withDkim(ANNOUNCED, "carol@example.org",
            "pass (identity @example.org)", NOT_COVERING));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).contains("does not cover SMTorP-Address");
    }

    @Test
    void aForgedCoveringSignatureBesideAPassingOneThatDoesNotCoverShouldBeRefused() {
        AnnouncementVerdict verdict = AnnouncementRule.judge(withDkim(ANNOUNCED, "carol@example.org",
            "pass (identity @example.org)", NOT_COVERING, COVERING));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
    }

    @Test
    void aDkimPassOfAnotherDomainShouldBeRefused() {
        AnnouncementVerdict verdict = AnnouncementRule.judge(withDkim(ANNOUNCED, "carol@example.org",
            "pass (identity @mailer.example.net)", signature("mailer.example.net", "from:smtorp-address")));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).isEqualTo("no DKIM signature of the From domain example.org (d=example.org) "
            + "passed");
    }

    @Test
    void aFailedDkimShouldBeRefused() {
        AnnouncementVerdict verdict = AnnouncementRule.judge(withDkim(ANNOUNCED, "carol@example.org",
            "fail (identity@example.org: bad signature)", COVERING));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
        assertThat(verdict.reason()).startsWith("DKIM did not pass (fail)");
    }

    @Test
    void aNeutralDkimResultShouldBeRefused() {
        AnnouncementVerdict verdict = AnnouncementRule.judge(withDkim(ANNOUNCED, "carol@example.org",
            "neutral (no signatures)"));

        assertThat(verdict.kind()).isEqualTo(Kind.REFUSED);
    }

    @Test
    void aMalformedSignatureShouldNeitherHelpNorHide() {
        AnnouncementVerdict verdict = AnnouncementRule.judge(withDkim(ANNOUNCED, "carol@example.org",
            "pass (identity @example.org)", COVERING, "d=example.org; garbage"));

        assertThat(verdict.kind()).isEqualTo(Kind.AUTHENTICATED);
    }

    @Test
    void twoFromAddressesShouldBeRefused() {
        Announcement mail = Announcement.of(List.of(ANNOUNCED), List.of("carol@example.org", "dave@example.org"),
            Optional.empty(), Optional.empty(), Optional.of("pass (identity @example.org)"), List.of(COVERING));

        assertThat(AnnouncementRule.judge(mail).reason()).isEqualTo("the message has 2 From addresses, not one");
    }
}
