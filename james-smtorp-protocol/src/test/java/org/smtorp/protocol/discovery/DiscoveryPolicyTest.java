/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

class DiscoveryPolicyTest {
    private static final String DOMAIN = "example.org";
    private static final String TXT_NAME = "_smtorp.example.org.";
    private static final String SRV_NAME = "_onion-mx._tcp.example.org.";
    private static final OnionAddress A = OnionAddress.parse(OnionMxRecordTest.A);
    private static final OnionAddress B = OnionAddress.parse(OnionMxRecordTest.B);
    private static final Fingerprint FP = Fingerprint.parse(SmtorpRecordTest.FP);
    private static final String TXT_A = "v=smtorp1; onion=" + A.asString() + "; fp=" + FP.asString();
    private static final Duration HOUR = Duration.ofHours(1);
    private static final String BOGUS_FAILURE = "DNSSEC validation failed: signature expired";

    private static DiscoveryPolicy policy(DnssecPolicy dnssec) {
        return DiscoveryPolicy.of(dnssec, new Random(1));
    }

    private static DnsAnswer txt(DnssecStatus status, String... records) {
        return DnsAnswer.records(TXT_NAME, List.of(records), status, HOUR);
    }

    private static DnsAnswer srv(DnssecStatus status, String... records) {
        return DnsAnswer.records(SRV_NAME, List.of(records), status, Duration.ofMinutes(5));
    }

    private static DnsAnswer failedTxt(String failure, DnssecStatus status) {
        return DnsAnswer.failed(TXT_NAME, failure, status, Duration.ofMinutes(1));
    }

    private static DnsAnswer failedSrv(String failure, DnssecStatus status) {
        return DnsAnswer.failed(SRV_NAME, failure, status, Duration.ofMinutes(1));
    }

    private static DnsAnswer noTxt(DnssecStatus status) {
        return DnsAnswer.none(TXT_NAME, status, Duration.ofMinutes(10));
    }

    private static DnsAnswer noSrv(DnssecStatus status) {
        return DnsAnswer.none(SRV_NAME, status, Duration.ofMinutes(10));
    }

    @Test
    void aTxtRecordShouldGiveTheOnionWithItsPin() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, txt(DnssecStatus.SECURE, TXT_A),
            noSrv(DnssecStatus.SECURE));

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(A, 25, Optional.of(FP)));
        assertThat(discovery.evidence()).isEqualTo("DNSSEC-validated _smtorp TXT of example.org");
    }

    @Test
    void anSrvRecordAloneShouldGiveTheOnionWithoutPin() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, noTxt(DnssecStatus.UNVALIDATED),
            srv(DnssecStatus.UNVALIDATED, "10 0 2525 " + B.asString() + "."));

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(B, 2525, Optional.empty()));
        assertThat(discovery.evidence()).contains("onionmx SRV of example.org").contains("trust on first use");
    }

    @Test
    void theTxtRecordShouldWinOverSrvRecordsNamingAnotherOnion() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, txt(DnssecStatus.UNVALIDATED, TXT_A),
            srv(DnssecStatus.UNVALIDATED, "10 0 25 " + B.asString() + "."));

        assertThat(discovery.onion().map(DiscoveredOnion::onion)).contains(A);
        assertThat(discovery.reasons()).anyMatch(r -> r.contains("the _smtorp TXT record wins"));
        // An onion without the pin never stands in for the pinned one.
        assertThat(discovery.fallbacks()).isEmpty();
    }

    @Test
    void theOtherSrvTargetsShouldBeFallbacksInPriorityOrder() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, noTxt(DnssecStatus.UNVALIDATED),
            srv(DnssecStatus.UNVALIDATED, "20 0 25 " + B.asString() + ".", "10 0 2525 " + A.asString() + ".",
                "30 0 25 " + B.asString() + "."));

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(A, 2525, Optional.empty()));
        assertThat(discovery.fallbacks()).containsExactly(DiscoveredOnion.of(B, 25, Optional.empty()));
    }

    @Test
    void theTxtRecordShouldTakeThePortOfAnSrvRecordForItsOnion() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, txt(DnssecStatus.UNVALIDATED, TXT_A),
            srv(DnssecStatus.UNVALIDATED, "10 0 2525 " + A.asString() + "."));

        assertThat(discovery.onion().map(DiscoveredOnion::port)).contains(2525);
    }

    @Test
    void theTxtRecordsOwnPortShouldWin() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, txt(DnssecStatus.UNVALIDATED, TXT_A + "; port=26"),
            srv(DnssecStatus.UNVALIDATED, "10 0 2525 " + A.asString() + "."));

        assertThat(discovery.onion().map(DiscoveredOnion::port)).contains(26);
    }

    @Test
    void requireShouldIgnoreUnsignedAnswers() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, txt(DnssecStatus.INSECURE, TXT_A),
            srv(DnssecStatus.INSECURE, "10 0 25 " + B.asString() + "."));

        assertThat(discovery.onion()).isEmpty();
        assertThat(discovery.reasons()).anyMatch(r -> r.contains("ignored, dnssec require accepts only validated"));
    }

    @Test
    void preferShouldAcceptUnsignedAnswersWhenNothingIsValidated() {
        Discovery discovery = policy(DnssecPolicy.PREFER).decide(DOMAIN, txt(DnssecStatus.INSECURE, TXT_A),
            noSrv(DnssecStatus.INSECURE));

        assertThat(discovery.onion().map(DiscoveredOnion::onion)).contains(A);
        assertThat(discovery.evidence()).startsWith("not DNSSEC-signed _smtorp TXT");
    }

    @Test
    void preferShouldUseOnlyTheValidatedAnswerWhenThereIsOne() {
        Discovery discovery = policy(DnssecPolicy.PREFER).decide(DOMAIN, txt(DnssecStatus.INSECURE, TXT_A),
            srv(DnssecStatus.SECURE, "10 0 25 " + B.asString() + "."));

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(B, 25, Optional.empty()));
    }

    @Test
    void aBogusAnswerShouldBeRefusedEvenWithDnssecOff() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, txt(DnssecStatus.BOGUS, TXT_A),
            noSrv(DnssecStatus.UNVALIDATED));

        assertThat(discovery.onion()).isEmpty();
        assertThat(discovery.reasons()).anyMatch(r -> r.contains("DNSSEC-bogus: refused"));
    }

    @Test
    void requireShouldDeferWhenTheTxtAnswerIsBogus() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, failedTxt(BOGUS_FAILURE, DnssecStatus.BOGUS),
            noSrv(DnssecStatus.SECURE));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
    }

    @Test
    void preferShouldDeferWhenTheTxtLookUpTimesOut() {
        Discovery discovery = policy(DnssecPolicy.PREFER).decide(DOMAIN,
            failedTxt("timed out", DnssecStatus.UNVALIDATED), noSrv(DnssecStatus.INSECURE));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
    }

    @Test
    void requireShouldDeferOnServfailForTheTxtRecord() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, failedTxt("SERVFAIL", DnssecStatus.INSECURE),
            noSrv(DnssecStatus.SECURE));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
    }

    @Test
    void aFailedTxtLookUpShouldDeferEvenWithAValidatedSrvRecord() {
        // The attacker who breaks the TXT answer must not get the pin dropped: no trust on first use instead.
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, failedTxt(BOGUS_FAILURE, DnssecStatus.BOGUS),
            srv(DnssecStatus.SECURE, "10 0 25 " + A.asString() + "."));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
        assertThat(discovery.onion()).isEmpty();
    }

    @Test
    void preferShouldDeferABogusTxtAnswerThatCameWithRecords() {
        Discovery discovery = policy(DnssecPolicy.PREFER).decide(DOMAIN, txt(DnssecStatus.BOGUS, TXT_A),
            srv(DnssecStatus.INSECURE, "10 0 25 " + B.asString() + "."));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
    }

    @Test
    void aDeferralShouldNameTheNameAndTheFailure() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, failedTxt("SERVFAIL", DnssecStatus.INSECURE),
            noSrv(DnssecStatus.SECURE));

        assertThat(discovery.reasons()).contains(TXT_NAME + ": look-up failed (SERVFAIL, not DNSSEC-signed)")
            .last().isEqualTo("held for a retry: the look-up of " + TXT_NAME + " failed (SERVFAIL), and under dnssec "
                + "require a failure is not an absence: the _smtorp TXT record carries the pin");
    }

    @Test
    void aDeferralShouldLastTheFailureTtlAtMost() {
        Discovery discovery = policy(DnssecPolicy.PREFER).decide(DOMAIN, txt(DnssecStatus.BOGUS, TXT_A),
            noSrv(DnssecStatus.INSECURE));

        assertThat(discovery.ttl()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void requireShouldDeferWhenTheSrvLookUpFailsAndNoTxtRecordExists() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, noTxt(DnssecStatus.SECURE),
            failedSrv("timed out", DnssecStatus.UNVALIDATED));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
        assertThat(discovery.reasons()).last().isEqualTo("held for a retry: the look-up of " + SRV_NAME
            + " failed (timed out), and under dnssec require a failure is not an absence: no valid _smtorp TXT record "
            + "decides the onion, so an onionmx SRV record could");
    }

    @Test
    void preferShouldDeferWhenTheSrvLookUpFailsAndTheTxtRecordIsMalformed() {
        Discovery discovery = policy(DnssecPolicy.PREFER).decide(DOMAIN, txt(DnssecStatus.SECURE, "v=smtorp1; fp=x"),
            failedSrv("SERVFAIL", DnssecStatus.INSECURE));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
    }

    @Test
    void aValidTxtRecordShouldDecideDespiteAFailedSrvLookUp() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, txt(DnssecStatus.SECURE, TXT_A),
            failedSrv(BOGUS_FAILURE, DnssecStatus.BOGUS));

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(A, 25, Optional.of(FP)));
    }

    @Test
    void aTxtRecordWithoutPortShouldSayThePortWasNotCheckedWhenTheSrvLookUpFails() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, txt(DnssecStatus.SECURE, TXT_A),
            failedSrv("timed out", DnssecStatus.UNVALIDATED));

        assertThat(discovery.reasons()).contains("the _smtorp TXT record names no port and the onionmx SRV look-up "
            + "failed: port 25, which an SRV record for the same onion could have changed");
    }

    @Test
    void offShouldTreatAFailedTxtLookUpAsNoRecord() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, failedTxt("SERVFAIL", DnssecStatus.UNVALIDATED),
            noSrv(DnssecStatus.UNVALIDATED));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.NONE);
        assertThat(discovery.reasons()).contains(TXT_NAME + ": look-up failed (SERVFAIL, not DNSSEC-validated)");
    }

    @Test
    void offShouldUseTheSrvRecordWhenTheTxtLookUpFails() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, failedTxt("timed out", DnssecStatus.UNVALIDATED),
            srv(DnssecStatus.UNVALIDATED, "10 0 25 " + B.asString() + "."));

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(B, 25, Optional.empty()));
    }

    @Test
    void offShouldTreatAFailedSrvLookUpAsNoRecord() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, noTxt(DnssecStatus.UNVALIDATED),
            failedSrv("timed out", DnssecStatus.UNVALIDATED));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.NONE);
    }

    @Test
    void aProvenAbsenceShouldBeNone() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, noTxt(DnssecStatus.SECURE),
            noSrv(DnssecStatus.SECURE));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.NONE);
    }

    @Test
    void requireShouldTakeAnUnsignedAnswerAsAnAbsenceNotAFailure() {
        Discovery discovery = policy(DnssecPolicy.REQUIRE).decide(DOMAIN, txt(DnssecStatus.INSECURE, TXT_A),
            noSrv(DnssecStatus.INSECURE));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.NONE);
    }

    @Test
    void aMalformedTxtRecordShouldFallBackToSrvAndSayWhy() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, txt(DnssecStatus.UNVALIDATED, "v=smtorp1; fp=x"),
            srv(DnssecStatus.UNVALIDATED, "10 0 25 " + B.asString() + "."));

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(B, 25, Optional.empty()));
        assertThat(discovery.reasons()).anyMatch(r -> r.startsWith("_smtorp TXT record ignored: tag 'onion' is missing"));
    }

    @Test
    void otherTxtRecordsShouldBeSkipped() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN,
            txt(DnssecStatus.UNVALIDATED, "v=spf1 -all", TXT_A), noSrv(DnssecStatus.UNVALIDATED));

        assertThat(discovery.onion().map(DiscoveredOnion::onion)).contains(A);
    }

    @Test
    void twoValidTxtRecordsShouldBeRefusedAsAmbiguous() {
        String other = "v=smtorp1; onion=" + B.asString() + "; fp=" + FP.asString();

        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, txt(DnssecStatus.UNVALIDATED, TXT_A, other),
            noSrv(DnssecStatus.UNVALIDATED));

        assertThat(discovery.onion()).isEmpty();
        assertThat(discovery.reasons()).anyMatch(r -> r.contains("2 valid _smtorp TXT records: none is used"));
    }

    @Test
    void srvTargetsThatAreNoOnionShouldBeIgnoredWithTheReason() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, noTxt(DnssecStatus.UNVALIDATED),
            srv(DnssecStatus.UNVALIDATED, "5 0 25 mail.example.org.", "10 0 25 " + B.asString() + "."));

        assertThat(discovery.onion().map(DiscoveredOnion::onion)).contains(B);
        assertThat(discovery.reasons()).anyMatch(r -> r.contains("ignored: target is not an .onion name"));
    }

    @Test
    void theDotTargetShouldMeanNoOnion() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, noTxt(DnssecStatus.UNVALIDATED),
            srv(DnssecStatus.UNVALIDATED, "0 0 0 ."));

        assertThat(discovery.onion()).isEmpty();
        assertThat(discovery.reasons()).anyMatch(r -> r.contains("the domain says it has no onion"));
    }

    @Test
    void theTtlShouldBeTheShortestOfBothAnswers() {
        Discovery discovery = policy(DnssecPolicy.OFF).decide(DOMAIN, txt(DnssecStatus.UNVALIDATED, TXT_A),
            srv(DnssecStatus.UNVALIDATED, "10 0 25 " + A.asString() + "."));

        assertThat(discovery.ttl()).isEqualTo(Duration.ofMinutes(5));
    }
}
