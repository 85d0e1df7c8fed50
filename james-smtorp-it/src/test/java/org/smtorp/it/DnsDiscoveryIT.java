/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.smtorp.lab.dns.DnsZone;
import org.smtorp.lab.dns.KnotServer;
import org.smtorp.lab.dns.QueryRecorder;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.discovery.DiscoveredOnion;
import org.smtorp.protocol.discovery.Discovery;
import org.smtorp.protocol.discovery.DiscoverySettings;
import org.smtorp.protocol.discovery.DnssecPolicy;
import org.smtorp.protocol.discovery.DomainDiscovery;
import org.xbill.DNS.Type;

/**
 * DNS discovery against a real authoritative server on 127.0.0.1 (knot), one zone signed by
 * knot itself: what each record and each DNSSEC policy gives, as {@code smtorp resolve} and
 * delivery see it; and what a failed look-up gives (bogus, SERVFAIL, time-out: deferred under
 * require and prefer) against a proven absence (none).
 */
class DnsDiscoveryIT {
    static final OnionAddress ONION = OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    static final OnionAddress OTHER = OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
    static final Fingerprint FP = Fingerprint.parse("xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq");
    static final String TXT = "v=smtorp1; onion=" + ONION.asString() + "; fp=" + FP.asString();

    private static KnotServer knot;
    private static QueryRecorder recorder;
    private static Path anchor;
    private static Path absentAnchor;

    @BeforeAll
    static void startKnot() {
        knot = KnotServer.start(IntegrationEnvironment.workDir().resolve("DnsDiscoveryIT-knot"), List.of(
            DnsZone.unsigned("plain.test").withTxt("_smtorp", TXT)
                .with("_onion-mx._tcp SRV 10 0 25 " + ONION.asString() + "."),
            DnsZone.unsigned("srv-only.test")
                .with("_onion-mx._tcp SRV 20 0 25 " + ONION.asString() + ".")
                .with("_onion-mx._tcp SRV 10 0 2525 " + OTHER.asString() + ".")
                .with("_onion-mx._tcp SRV 5 0 25 mail.srv-only.test."),
            DnsZone.unsigned("malformed.test").withTxt("_smtorp", "v=smtorp1; onion=" + ONION.asString() + "; fp=abc")
                .with("_onion-mx._tcp SRV 10 0 25 " + OTHER.asString() + "."),
            DnsZone.unsigned("legacy.test").with("@ MX 10 mail.legacy.test."),
            DnsZone.signed("signed.test").withTxt("_smtorp", TXT + "; port=2525")
                .with("_onion-mx._tcp SRV 10 0 25 " + ONION.asString() + "."),
            DnsZone.signed("absent.test").with("@ MX 10 mail.absent.test.")));
        recorder = QueryRecorder.inFrontOf(knot.address());
        anchor = knot.trustAnchor("signed.test");
        absentAnchor = knot.trustAnchor("absent.test");
    }

    @AfterAll
    static void stopKnot() {
        if (recorder != null) {
            recorder.close();
        }
        if (knot != null) {
            knot.close();
        }
    }

    private static Discovery discover(String domain, DnssecPolicy policy, Optional<Path> trustAnchor)
        throws IOException {
        return DomainDiscovery.of(DiscoverySettings.of(Optional.of(knot.address()), policy, trustAnchor,
            Duration.ofSeconds(5))).discover(domain);
    }

    // A shorter time-out: the cases that fail wait for it.
    private static Discovery discoverVia(InetSocketAddress server, String domain, DnssecPolicy policy,
                                         Optional<Path> trustAnchor) throws IOException {
        return DomainDiscovery.of(DiscoverySettings.of(Optional.of(server), policy, trustAnchor,
            Duration.ofSeconds(2))).discover(domain);
    }

    // The anchor goes with the policies that validate; off refuses one.
    private static Optional<Path> anchorFor(DnssecPolicy policy, Path anchor) {
        return policy == DnssecPolicy.OFF ? Optional.empty() : Optional.of(anchor);
    }

    private static Discovery signedTxtForged(DnssecPolicy policy) throws IOException {
        try (QueryRecorder attacker = QueryRecorder.forgingTxt(knot.address(), ONION.asString(), OTHER.asString())) {
            return discoverVia(attacker.address(), "signed.test", policy, anchorFor(policy, anchor));
        }
    }

    private static Discovery servfailForBothNames(DnssecPolicy policy) throws IOException {
        try (QueryRecorder broken = QueryRecorder.servfail(knot.address(), Set.of(Type.TXT, Type.SRV))) {
            return discoverVia(broken.address(), "signed.test", policy, anchorFor(policy, anchor));
        }
    }

    private static Discovery fromASilentServer(DnssecPolicy policy) throws IOException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return discoverVia((InetSocketAddress) silent.getLocalSocketAddress(), "signed.test", policy,
                anchorFor(policy, anchor));
        }
    }

    @Test
    void aTxtRecordShouldGiveTheOnionAndThePin() throws Exception {
        Discovery discovery = discover("plain.test", DnssecPolicy.OFF, Optional.empty());

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(ONION, 25, Optional.of(FP)));
        assertThat(discovery.evidence()).isEqualTo("not DNSSEC-validated _smtorp TXT of plain.test");
    }

    @Test
    void srvRecordsShouldGiveTheFirstValidOnionByPriorityWithoutPin() throws Exception {
        Discovery discovery = discover("srv-only.test", DnssecPolicy.OFF, Optional.empty());

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(OTHER, 2525, Optional.empty()));
        assertThat(discovery.reasons()).anyMatch(reason -> reason.contains("5 0 25 mail.srv-only.test.")
            && reason.contains("target is not an .onion name"));
    }

    @Test
    void aMalformedTxtRecordShouldBeIgnoredNamingTheRuleAndSrvUsed() throws Exception {
        Discovery discovery = discover("malformed.test", DnssecPolicy.OFF, Optional.empty());

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(OTHER, 25, Optional.empty()));
        assertThat(discovery.reasons()).anyMatch(reason -> reason.startsWith("_smtorp TXT record ignored: fp is "
            + "invalid (fingerprint has 3 characters, at least 16 are required)"));
    }

    @Test
    void aDomainWithoutRecordsShouldStayLegacy() throws Exception {
        Discovery discovery = discover("legacy.test", DnssecPolicy.OFF, Optional.empty());

        assertThat(discovery.onion()).isEmpty();
        assertThat(discovery.reasons()).contains("_smtorp.legacy.test.: no records (not DNSSEC-validated)");
        assertThat(discovery.ttl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void requireShouldRefuseAnUnsignedAnswer() throws Exception {
        Discovery discovery = discover("plain.test", DnssecPolicy.REQUIRE, Optional.of(anchor));

        assertThat(discovery.onion()).isEmpty();
        assertThat(discovery.reasons()).contains("_smtorp.plain.test.: 1 record(s), not DNSSEC-signed: ignored, "
            + "dnssec require accepts only validated answers");
    }

    @Test
    void requireShouldAcceptACorrectlySignedZone() throws Exception {
        Discovery discovery = discover("signed.test", DnssecPolicy.REQUIRE, Optional.of(anchor));

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(ONION, 2525, Optional.of(FP)));
        assertThat(discovery.evidence()).isEqualTo("DNSSEC-validated _smtorp TXT of signed.test");
    }

    @Test
    void preferShouldAcceptAnUnsignedZone() throws Exception {
        Discovery discovery = discover("plain.test", DnssecPolicy.PREFER, Optional.of(anchor));

        assertThat(discovery.onion()).contains(DiscoveredOnion.of(ONION, 25, Optional.of(FP)));
        assertThat(discovery.evidence()).startsWith("not DNSSEC-signed");
    }

    @Test
    void aWrongTrustAnchorShouldMakeTheSignedAnswerBogusAndDeferred() throws Exception {
        // The anchor of a key the zone does not have: the digest's last digit changed.
        String ds = Files.readString(anchor, UTF_8).trim();
        char last = ds.charAt(ds.length() - 1);
        Path wrong = Files.writeString(anchor.resolveSibling("wrong.anchor"),
            ds.substring(0, ds.length() - 1) + (last == '0' ? '1' : '0') + "\n");

        Discovery discovery = discover("signed.test", DnssecPolicy.PREFER, Optional.of(wrong));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
        assertThat(discovery.reasons()).anyMatch(reason -> reason.startsWith("_smtorp.signed.test.: look-up failed "
            + "(DNSSEC validation failed: ") && reason.endsWith("DNSSEC-bogus)"));
    }

    @Test
    void aTxtAnswerForgedOnThePathShouldWorkUnderOffWhichValidatesNothing() throws Exception {
        assertThat(signedTxtForged(DnssecPolicy.OFF).onion().map(DiscoveredOnion::onion)).contains(OTHER);
    }

    @ParameterizedTest
    @EnumSource(value = DnssecPolicy.class, names = {"REQUIRE", "PREFER"})
    void aTxtAnswerForgedOnThePathShouldBeBogusAndDefer(DnssecPolicy policy) throws Exception {
        Discovery discovery = signedTxtForged(policy);

        // Not the genuine signed SRV onion without the pin either: breaking the TXT answer drops no pin.
        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
        assertThat(discovery.reasons()).anyMatch(reason -> reason.startsWith("_smtorp.signed.test.: look-up "
            + "failed (DNSSEC validation failed: ") && reason.endsWith("DNSSEC-bogus)"));
    }

    @ParameterizedTest
    @EnumSource(value = DnssecPolicy.class, names = {"REQUIRE", "PREFER"})
    void servfailShouldDefer(DnssecPolicy policy) throws Exception {
        Discovery discovery = servfailForBothNames(policy);

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
        assertThat(discovery.reasons()).last().asString().startsWith("held for a retry: the look-up of "
            + "_smtorp.signed.test. failed (");
    }

    @Test
    void servfailShouldMeanNoOnionUnderOff() throws Exception {
        Discovery discovery = servfailForBothNames(DnssecPolicy.OFF);

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.NONE);
        assertThat(discovery.reasons()).contains("_smtorp.signed.test.: look-up failed (SERVFAIL, not "
            + "DNSSEC-validated)");
    }

    @Test
    void aDroppedTxtQueryShouldDeferUnderRequireDespiteTheSignedSrvRecord() throws Exception {
        try (QueryRecorder attacker = QueryRecorder.dropping(knot.address(), Set.of(Type.TXT))) {
            Discovery discovery = discoverVia(attacker.address(), "signed.test", DnssecPolicy.REQUIRE,
                Optional.of(anchor));

            assertThat(discovery.kind()).isEqualTo(Discovery.Kind.DEFERRED);
            assertThat(discovery.reasons()).contains("_onion-mx._tcp.signed.test.: 1 record(s), DNSSEC-validated");
        }
    }

    @ParameterizedTest
    @EnumSource(value = DnssecPolicy.class, names = {"REQUIRE", "PREFER"})
    void aServerThatNeverAnswersShouldDefer(DnssecPolicy policy) throws Exception {
        assertThat(fromASilentServer(policy).kind()).isEqualTo(Discovery.Kind.DEFERRED);
    }

    @ParameterizedTest
    @EnumSource(value = DnssecPolicy.class, names = {"REQUIRE", "PREFER"})
    void aProvenAbsenceInASignedZoneShouldBeNone(DnssecPolicy policy) throws Exception {
        Discovery discovery = discover("absent.test", policy, Optional.of(absentAnchor));

        assertThat(discovery.kind()).isEqualTo(Discovery.Kind.NONE);
        assertThat(discovery.reasons()).contains("_smtorp.absent.test.: no records (DNSSEC-validated)",
            "_onion-mx._tcp.absent.test.: no records (DNSSEC-validated)");
    }

    @Test
    void anOnionDomainShouldNeverBeAskedFor() throws Exception {
        DomainDiscovery discovery = DomainDiscovery.of(DiscoverySettings.of(
            Optional.of(recorder.address()),
            DnssecPolicy.OFF, Optional.empty(), Duration.ofSeconds(5)));

        assertThatThrownBy(() -> discovery.discover(ONION.asString())).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("discovery never asks DNS for one");
        assertThat(discovery.discover("plain.test").onion()).isPresent();
        assertThat(recorder.queries()).contains("_smtorp.plain.test.", "_onion-mx._tcp.plain.test.")
            .noneMatch(name -> name.toLowerCase(Locale.ROOT).matches("(.*\\.)?onion\\.?"));
    }

    @Test
    void aServerThatNeverAnswersShouldGiveNoOnionUnderOffAndSayWhyWithinTheTimeOut() throws Exception {
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(
                new java.net.InetSocketAddress("127.0.0.1", 0))) {
            DomainDiscovery discovery = DomainDiscovery.of(DiscoverySettings.of(
                Optional.of((java.net.InetSocketAddress) silent.getLocalSocketAddress()), DnssecPolicy.OFF,
                Optional.empty(), Duration.ofSeconds(1)));
            long start = System.nanoTime();

            Discovery found = discovery.discover("plain.test");

            assertThat(found.kind()).isEqualTo(Discovery.Kind.NONE);
            assertThat(found.reasons()).contains("_smtorp.plain.test.: look-up failed (timed out, not DNSSEC-validated)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
