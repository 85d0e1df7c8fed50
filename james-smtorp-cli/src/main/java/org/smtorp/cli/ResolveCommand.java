/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.discovery.DiscoveredOnion;
import org.smtorp.protocol.discovery.Discovery;
import org.smtorp.protocol.discovery.DiscoverySettings;
import org.smtorp.protocol.discovery.DnssecPolicy;
import org.smtorp.protocol.discovery.DomainDiscovery;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smtorp resolve}: how would mail to this address travel, and why? */
@Command(name = "resolve",
    description = "Prints the route mail to ADDRESS takes and why: a direct onion (an .onion address, never asked of "
        + "DNS), an onion discovered in DNS (onionmx SRV, _smtorp TXT; with or without a pinned fingerprint), "
        + "or legacy SMTP; or held for a retry when a look-up failed (dnssec require or prefer). Shows each DNS "
        + "answer, its DNSSEC status and every record used or ignored.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:over Tor (direct onion or discovered)", "1:error (bad address, unreadable trust anchor)",
        "2:bad options", "3:legacy SMTP (no onion found; under --dnssec off also a failed look-up)",
        "4:held for a retry (a look-up failed: bogus, SERVFAIL, time-out)"})
final class ResolveCommand implements Callable<Integer> {
    static final int OVER_TOR = 0;
    static final int LEGACY = 3;
    static final int DEFERRED = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--dns", paramLabel = "IP:PORT",
        description = "The DNS server to ask (default: the system's, from /etc/resolv.conf).")
    Optional<String> dns;

    @Option(names = "--dnssec", paramLabel = "POLICY", defaultValue = "prefer",
        description = "require, prefer or off (default: ${DEFAULT-VALUE}); require needs --trust-anchor.")
    String dnssec;

    @Option(names = "--trust-anchor", paramLabel = "FILE",
        description = "DS or DNSKEY records in zone-file syntax to validate from (e.g. /usr/share/dns/root.ds).")
    Optional<Path> trustAnchor;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
        description = "Time-out of one DNS query (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Parameters(paramLabel = "ADDRESS", description = "user@domain, or user@[fingerprint.]onion.onion")
    String address;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            throw new CliFailure("'" + address + "' is not an address: user@domain");
        }
        String domain = address.substring(at + 1);
        if (domain.toLowerCase(Locale.ROOT).endsWith(".onion")) {
            return direct(out);
        }
        DiscoverySettings settings = settings();
        Discovery discovery = DomainDiscovery.of(settings).discover(domain);
        int exitCode;
        switch (discovery.kind()) {
            case FOUND:
                found(out, discovery);
                exitCode = OVER_TOR;
                break;
            case DEFERRED:
                out.println(address + ": held for a retry, DNS discovery for " + discovery.domain() + " failed");
                out.println("  the mail waits in the queue and is tried again on the retry schedule: neither sent in "
                    + "clear nor over Tor until DNS answers, bounced when the retries run out");
                exitCode = DEFERRED;
                break;
            default:
                out.println(address + ": legacy SMTP (RemoteDelivery): no onion found for " + discovery.domain());
                exitCode = LEGACY;
                break;
        }
        out.println("  asked:    " + settings);
        discovery.reasons().forEach(reason -> out.println("  - " + reason));
        return exitCode;
    }

    private void found(PrintWriter out, Discovery discovery) {
        DiscoveredOnion onion = discovery.onion().orElseThrow();
        out.println(address + ": over Tor, onion discovered in DNS");
        out.println("  RCPT TO:  " + address);
        out.println("  onion:    " + onion.onion().asString() + " port " + onion.port());
        out.println("  pin:      " + onion.pin().map(p -> p.asString() + " (published in the _smtorp TXT record)")
            .orElse("none: the first connection's key is pinned (trust on first use)"));
        discovery.fallbacks().forEach(next -> out.println("  then:     " + next.onion().asString() + " port "
            + next.port() + " (when the onion before cannot take the mail)"));
        out.println("  evidence: " + discovery.evidence());
    }

    private int direct(PrintWriter out) {
        SmtorpAddress smtorp;
        try {
            smtorp = SmtorpAddress.parse(address);
        } catch (InvalidAddressException e) {
            throw new CliFailure("'" + address + "' is under .onion but not a valid SMTorP address: " + e.detail());
        }
        out.println(smtorp.asString() + ": over Tor, direct onion");
        out.println("  onion: " + smtorp.onion().asString() + " port 25");
        out.println("  pin:   " + smtorp.domain().fingerprint().map(p -> p.asString() + " (" + p.bits()
            + " bits, from the address)").orElse("none: the first connection's key is pinned (trust on first use)"));
        out.println("  no DNS look-up: an .onion name is never asked of DNS");
        return OVER_TOR;
    }

    private DiscoverySettings settings() {
        try {
            return DiscoverySettings.of(dns.map(DiscoverySettings::parseResolver), DnssecPolicy.parse(dnssec),
                trustAnchor, Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage());
        }
    }
}
