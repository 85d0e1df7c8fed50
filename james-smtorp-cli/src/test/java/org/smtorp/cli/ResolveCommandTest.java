/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

/**
 * The cases that ask no DNS, or a server that never answers; DNS answers are DnsDiscoveryIT's
 * and DnsCommandsIT's, against a real server.
 */
class ResolveCommandTest {
    private static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    private static final String FINGERPRINT = "xj4bnp4pahh6uqkb";

    @Test
    void anOnionAddressShouldBeADirectRouteWithItsPin() {
        CommandRun run = CommandRun.of("resolve", "bob@" + FINGERPRINT + "." + ONION);

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains(": over Tor, direct onion").contains("onion: " + ONION + " port 25")
            .contains("pin:   " + FINGERPRINT + " (80 bits, from the address)").contains("no DNS look-up");
    }

    @Test
    void anOnionAddressWithoutFingerprintShouldBeTrustedOnFirstUse() {
        assertThat(CommandRun.of("resolve", "bob@" + ONION).out).contains("trust on first use");
    }

    @Test
    void aBrokenOnionAddressShouldBeAnErrorNamingTheRule() {
        CommandRun run = CommandRun.of("resolve", "bob@abcdefghijklmnop.onion");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("not a valid SMTorP address: v2 onion addresses are not supported");
    }

    @Test
    void requireWithoutTrustAnchorShouldBeRefused() {
        CommandRun run = CommandRun.of("resolve", "--dnssec", "require", "bob@example.org");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("dnssec require needs a trust anchor");
    }

    @Test
    void anUnknownPolicyShouldBeRefusedWithTheAllowedValues() {
        CommandRun run = CommandRun.of("resolve", "--dnssec", "strict", "bob@example.org");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("'strict' is not a DNSSEC policy; allowed: require, prefer, off");
    }

    @Test
    void aResolverNameShouldBeRefused() {
        CommandRun run = CommandRun.of("resolve", "--dns", "dns.example:53", "bob@example.org");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("'dns.example:53' is not IP:PORT");
    }

    @Test
    void aTextWithoutDomainShouldBeRefused() {
        CommandRun run = CommandRun.of("resolve", "bob@");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("'bob@' is not an address: user@domain");
    }

    @Test
    void aServerThatNeverAnswersShouldHoldTheMailUnderPrefer() throws SocketException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            CommandRun run = CommandRun.of("resolve", "--dns", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "1",
                "bob@example.org");

            assertThat(run.exitCode).isEqualTo(4);
            assertThat(run.firstLine()).isEqualTo("bob@example.org: held for a retry, DNS discovery for example.org "
                + "failed");
            assertThat(run.out).contains("  - held for a retry: the look-up of _smtorp.example.org. failed (timed out)");
        }
    }

    @Test
    void aServerThatNeverAnswersShouldMeanLegacyUnderOff() throws SocketException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            CommandRun run = CommandRun.of("resolve", "--dns", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "1",
                "--dnssec", "off", "bob@example.org");

            assertThat(run.exitCode).isEqualTo(3);
        }
    }
}
