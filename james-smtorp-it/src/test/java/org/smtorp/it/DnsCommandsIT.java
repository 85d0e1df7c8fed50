/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smtorp.lab.Directories;
import org.smtorp.lab.dns.DnsZone;
import org.smtorp.lab.dns.KnotServer;
import org.smtorp.lab.dns.QueryRecorder;
import org.smtorp.protocol.discovery.OnionMxRecord;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * {@code bin/smtorp dns-records} and {@code bin/smtorp resolve} as an operator uses them: the
 * records dns-records prints are served by a real DNS server (knot, one zone signed), and
 * resolve finds the onion and the pin in them, or says why not.
 */
class DnsCommandsIT {
    private static ServerIdentity identity;
    private static ServerIdentity second;
    private static KnotServer knot;
    private static QueryRecorder recorder;
    private static Path anchor;

    @BeforeAll
    static void publish() throws Exception {
        Path id = IntegrationEnvironment.workDir().resolve("DnsCommandsIT-identity");
        Directories.deleteRecursively(id);
        identity = ServerIdentity.create(id);
        List<String> signed = records("signed.test");
        List<String> plain = records("plain.test");
        DnsZone signedZone = DnsZone.signed("signed.test");
        for (String record : signed) {
            signedZone = signedZone.with(record);
        }
        DnsZone plainZone = DnsZone.unsigned("plain.test");
        for (String record : plain) {
            plainZone = plainZone.with(record);
        }
        // Two onionmx targets, as a provider with a backup publishes them.
        second = OnionListener.createIdentity("DnsCommandsIT-second");
        DnsZone twoTargets = DnsZone.unsigned("two.test")
            .with(OnionMxRecord.LABEL + " SRV " + OnionMxRecord.of(20, 0, 25, second.onion()).asString())
            .with(OnionMxRecord.LABEL + " SRV " + OnionMxRecord.of(10, 0, 2525, identity.onion()).asString());
        knot = KnotServer.start(IntegrationEnvironment.workDir().resolve("DnsCommandsIT-knot"),
            List.of(signedZone, plainZone, twoTargets));
        recorder = QueryRecorder.inFrontOf(knot.address());
        anchor = knot.trustAnchor("signed.test");
    }

    private static List<String> records(String domain) throws Exception {
        PeerRun run = PeerRun.smtorp("dns-records", "--dir", identity.directory().toString(), "--domain", domain);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.output().lines().filter(line -> line.startsWith("_")).collect(Collectors.toList());
    }

    @AfterAll
    static void stop() {
        if (recorder != null) {
            recorder.close();
        }
        if (knot != null) {
            knot.close();
        }
    }

    @Test
    void dnsRecordsShouldPrintOneSrvAndOneTxtRecord() throws Exception {
        assertThat(records("example.org")).containsExactly(
            "_onion-mx._tcp.example.org. 3600 IN SRV 10 0 25 " + identity.onion().asString() + ".",
            "_smtorp.example.org. 3600 IN TXT \"v=smtorp1; onion=" + identity.onion().asString() + "; fp="
                + identity.fingerprint().asString() + "\"");
    }

    @Test
    void resolveShouldFindThePublishedOnionAndPinInASignedZone() throws Exception {
        PeerRun run = PeerRun.smtorp("resolve", "--dns", knot.hostPort(), "--dnssec", "require", "--trust-anchor",
            anchor.toString(), "bob@signed.test");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.output()).contains("bob@signed.test: over Tor, onion discovered in DNS")
            .contains("onion:    " + identity.onion().asString() + " port 25")
            .contains("pin:      " + identity.fingerprint().asString() + " (published in the _smtorp TXT record)")
            .contains("evidence: DNSSEC-validated _smtorp TXT of signed.test");
    }

    @Test
    void resolveShouldSayLegacyAndWhyForAnUnsignedZoneUnderRequire() throws Exception {
        PeerRun run = PeerRun.smtorp("resolve", "--dns", knot.hostPort(), "--dnssec", "require", "--trust-anchor",
            anchor.toString(), "bob@plain.test");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.output()).contains("bob@plain.test: legacy SMTP (RemoteDelivery): no onion found for plain.test")
            .contains("_smtorp.plain.test.: 1 record(s), not DNSSEC-signed: ignored, dnssec require accepts only "
                + "validated answers");
    }

    @Test
    void resolveShouldSayTheMailIsHeldWhenTheSignedTxtAnswerIsForged() throws Exception {
        try (QueryRecorder attacker = QueryRecorder.forgingTxt(knot.address(), identity.onion().asString(),
                second.onion().asString())) {
            PeerRun run = PeerRun.smtorp("resolve", "--dns", attacker.hostPort(), "--dnssec", "require",
                "--trust-anchor", anchor.toString(), "bob@signed.test");

            assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
            assertThat(run.output()).contains("bob@signed.test: held for a retry, DNS discovery for signed.test failed")
                .contains("- held for a retry: the look-up of _smtorp.signed.test. failed (DNSSEC validation failed: ")
                .doesNotContain("SignatureVerificationException");
        }
    }

    @Test
    void resolveWithDnssecOffShouldUseTheUnsignedRecords() throws Exception {
        PeerRun run = PeerRun.smtorp("resolve", "--dns", knot.hostPort(), "--dnssec", "off", "bob@plain.test");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.output()).contains("pin:      " + identity.fingerprint().asString());
    }

    @Test
    void resolveShouldListTheOtherOnionmxTargetsAsFallbacksInOrder() throws Exception {
        PeerRun run = PeerRun.smtorp("resolve", "--dns", knot.hostPort(), "--dnssec", "off", "bob@two.test");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.output()).contains("onion:    " + identity.onion().asString() + " port 2525")
            .contains("then:     " + second.onion().asString() + " port 25 (when the onion before cannot take the mail)");
    }

    @Test
    void resolveShouldNeverAskDnsForAnOnion() throws Exception {
        PeerRun run = PeerRun.smtorp("resolve", "--dns", recorder.hostPort(), "bob@" + identity.onion().asString());
        PeerRun discovered = PeerRun.smtorp("resolve", "--dns", recorder.hostPort(), "--dnssec", "off",
            "bob@plain.test");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.output()).contains("over Tor, direct onion");
        assertThat(discovered.exitCode()).as(discovered.toString()).isZero();
        assertThat(recorder.queries()).contains("_smtorp.plain.test.")
            .noneMatch(name -> name.toLowerCase(Locale.ROOT).matches("(.*\\.)?onion\\.?"));
    }
}
