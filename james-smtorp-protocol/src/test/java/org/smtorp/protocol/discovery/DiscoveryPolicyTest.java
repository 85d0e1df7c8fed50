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

    private static DiscoveryPolicy policy(DnssecPolicy dnssec) {
        return DiscoveryPolicy.of(dnssec, new Random(1));
    }

    private static DnsAnswer txt(DnssecStatus status, String... records) {
        return DnsAnswer.records(TXT_NAME, List.of(records), status, HOUR);
    }

    private static DnsAnswer srv(DnssecStatus status, String... records) {
        return DnsAnswer.records(SRV_NAME, List.of(records), status, Duration.ofMinutes(5));
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
    void aFailedLookUpShouldGiveNoOnionAndSayWhy() {
        Discovery discovery = policy(DnssecPolicy.PREFER).decide(DOMAIN,
            DnsAnswer.failed(TXT_NAME, "timed out", DnssecStatus.UNVALIDATED, Duration.ofMinutes(1)),
            noSrv(DnssecStatus.INSECURE));

        assertThat(discovery.onion()).isEmpty();
        assertThat(discovery.reasons()).contains(TXT_NAME + ": look-up failed (timed out, not DNSSEC-validated)");
        assertThat(discovery.ttl()).isEqualTo(Duration.ofMinutes(1));
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
