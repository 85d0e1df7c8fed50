/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.smtorp.protocol.address.OnionAddress;

/**
 * Turns a domain's {@code _smtorp} TXT and onionmx SRV answers into an onion, none, or a
 * deferral (docs/discovery.md):
 * <ul>
 *   <li>Answers the DNSSEC policy does not accept are ignored; bogus ones always.</li>
 *   <li>One valid {@code v=smtorp1} TXT record gives the onion and the pin. Its port, else the
 *       port of an SRV record for the same onion, else 25.</li>
 *   <li>Without one, the first SRV record in RFC 2782 order gives the onion and port, without
 *       a pin (trust on first use).</li>
 *   <li>Where TXT and SRV name different onions the TXT record wins: it is ours and carries
 *       the pin. The disagreement is among the reasons.</li>
 * </ul>
 * A <em>failed</em> answer (BOGUS, SERVFAIL or another error rcode, a time-out) is not an
 * absence. An attacker on the path can drop or corrupt either answer, but cannot forge a
 * validated absence of a signed name, so under {@code require} and {@code prefer} (RFC 7672
 * 2.2, as DANE does):
 * <ul>
 *   <li>A failed TXT answer defers the domain, whatever the SRV answer: the TXT record carries
 *       the pin, and the onion that wins, so neither the SRV onion (trust on first use) nor
 *       clear text may stand in for it.</li>
 *   <li>A failed SRV answer defers the domain unless a valid TXT record decides the onion: the
 *       TXT record would win anyway (without a port of its own it then takes 25).</li>
 *   <li>A provably unsigned (insecure) answer is no failure: it is an absence of validated data,
 *       and counts as the policy says of unsigned answers.</li>
 * </ul>
 * Under {@code off} a failed answer counts as no records: the operator chose plain DNS, in
 * which an attacker forges an absence as easily as he drops an answer.
 */
public final class DiscoveryPolicy {
    private final DnssecPolicy dnssec;
    private final Random random;

    private DiscoveryPolicy(DnssecPolicy dnssec, Random random) {
        this.dnssec = dnssec;
        this.random = random;
    }

    /** @param random draws among SRV records of equal priority by weight */
    public static DiscoveryPolicy of(DnssecPolicy dnssec, Random random) {
        return new DiscoveryPolicy(requireNonNull(dnssec, "dnssec"), requireNonNull(random, "random"));
    }

    public DnssecPolicy dnssec() {
        return dnssec;
    }

    public Discovery decide(String domain, DnsAnswer txt, DnsAnswer srv) {
        List<String> reasons = new ArrayList<>();
        Duration ttl = txt.ttl().compareTo(srv.ttl()) < 0 ? txt.ttl() : srv.ttl();
        boolean secureExists = Stream.of(txt, srv)
            .anyMatch(answer -> answer.kind() == DnsAnswer.Kind.RECORDS && answer.status() == DnssecStatus.SECURE);
        Optional<SmtorpRecord> record = accepted(txt, secureExists, reasons) ? smtorpRecord(txt, reasons)
            : Optional.empty();
        List<OnionMxRecord> onionMx = accepted(srv, secureExists, reasons) ? onionMx(srv, reasons) : List.of();
        if (dnssec != DnssecPolicy.OFF && failed(txt)) {
            return deferred(domain, txt, "the _smtorp TXT record carries the pin", reasons);
        }
        if (dnssec != DnssecPolicy.OFF && failed(srv) && record.isEmpty()) {
            return deferred(domain, srv, "no valid _smtorp TXT record decides the onion, so an onionmx SRV record "
                + "could", reasons);
        }
        if (record.isPresent()) {
            SmtorpRecord r = record.get();
            List<OnionAddress> srvOnions = onionMx.stream().map(OnionMxRecord::target).collect(Collectors.toList());
            if (!srvOnions.isEmpty() && !srvOnions.contains(r.onion())) {
                reasons.add("the onionmx SRV records name " + srvOnions.stream().map(OnionAddress::asString)
                    .collect(Collectors.joining(", ")) + ", not " + r.onion().asString()
                    + ": the _smtorp TXT record wins, it carries the pin");
            }
            int port = r.port().orElseGet(() -> onionMx.stream().filter(mx -> mx.target().equals(r.onion()))
                .map(OnionMxRecord::port).findFirst().orElse(SmtorpRecord.DEFAULT_PORT));
            if (r.port().isEmpty() && failed(srv)) {
                reasons.add("the _smtorp TXT record names no port and the onionmx SRV look-up failed: port "
                    + SmtorpRecord.DEFAULT_PORT + ", which an SRV record for the same onion could have changed");
            }
            return Discovery.found(domain, DiscoveredOnion.of(r.onion(), port, Optional.of(r.fingerprint())),
                txt.status().description() + " _smtorp TXT of " + domain, reasons, ttl);
        }
        if (!onionMx.isEmpty()) {
            // Like MX hosts: the first in RFC 2782 order, the others when it cannot be reached. A pinned
            // TXT onion gets no such fallbacks: an onion without the pin must not stand in for it.
            List<DiscoveredOnion> inTryOrder = OnionMxRecord.inTryOrder(onionMx, random).stream()
                .map(mx -> DiscoveredOnion.of(mx.target(), mx.port(), Optional.empty())).distinct()
                .collect(Collectors.toList());
            return Discovery.found(domain, inTryOrder.get(0),
                srv.status().description() + " onionmx SRV of " + domain + " (no pin: trust on first use)",
                reasons, ttl).withFallbacks(inTryOrder.subList(1, inTryOrder.size()));
        }
        reasons.add("no usable record: mail to " + domain + " is not upgraded to Tor");
        return Discovery.none(domain, reasons, ttl);
    }

    // BOGUS with records too: the validator answers SERVFAIL, but an answer is judged by its status.
    private static boolean failed(DnsAnswer answer) {
        return answer.kind() == DnsAnswer.Kind.FAILED || answer.status() == DnssecStatus.BOGUS;
    }

    // Short, as a failed answer's own TTL: a repaired zone is noticed at the next retry.
    private Discovery deferred(String domain, DnsAnswer failed, String why, List<String> reasons) {
        reasons.add("held for a retry: the look-up of " + failed.name() + " failed ("
            + failed.failure().orElse(failed.status().description()) + "), and under dnssec " + dnssec.asString()
            + " a failure is not an absence: " + why);
        Duration ttl = failed.ttl().compareTo(DnsLookup.FAILURE_TTL) < 0 ? failed.ttl() : DnsLookup.FAILURE_TTL;
        return Discovery.deferred(domain, reasons, ttl);
    }

    private boolean accepted(DnsAnswer answer, boolean secureExists, List<String> reasons) {
        switch (answer.kind()) {
            case FAILED:
                reasons.add(answer.name() + ": look-up failed (" + answer.failure().orElse("?") + ", "
                    + answer.status().description() + ")");
                return false;
            case NONE:
                reasons.add(answer.name() + ": no records (" + answer.status().description() + ")");
                return false;
            default:
                break;
        }
        String what = answer.name() + ": " + answer.records().size() + " record(s), " + answer.status().description();
        if (answer.status() == DnssecStatus.BOGUS) {
            reasons.add(what + ": refused");
            return false;
        }
        if (dnssec == DnssecPolicy.REQUIRE && answer.status() != DnssecStatus.SECURE) {
            reasons.add(what + ": ignored, dnssec require accepts only validated answers");
            return false;
        }
        if (dnssec == DnssecPolicy.PREFER && secureExists && answer.status() != DnssecStatus.SECURE) {
            reasons.add(what + ": ignored, dnssec prefer uses the validated answers the domain has");
            return false;
        }
        reasons.add(what);
        return true;
    }

    private static Optional<SmtorpRecord> smtorpRecord(DnsAnswer txt, List<String> reasons) {
        List<SmtorpRecord> valid = new ArrayList<>();
        for (String text : txt.records()) {
            if (!SmtorpRecord.isSmtorp(text)) {
                reasons.add("TXT record not for SMTorP, skipped: \"" + text + "\"");
                continue;
            }
            try {
                valid.add(SmtorpRecord.parse(text));
            } catch (InvalidRecordException e) {
                reasons.add("_smtorp TXT record ignored: " + e.getMessage());
            }
        }
        if (valid.size() > 1) {
            reasons.add(valid.size() + " valid _smtorp TXT records: none is used, the domain must publish one");
            return Optional.empty();
        }
        valid.forEach(r -> reasons.add("_smtorp TXT record used: \"" + r.asString() + "\""));
        return valid.stream().findFirst();
    }

    private static List<OnionMxRecord> onionMx(DnsAnswer srv, List<String> reasons) {
        List<OnionMxRecord> valid = new ArrayList<>();
        for (String data : srv.records()) {
            if (data.trim().endsWith(" .")) {
                reasons.add("onionmx SRV record with target '.': the domain says it has no onion");
                continue;
            }
            try {
                valid.add(OnionMxRecord.parse(data));
            } catch (InvalidRecordException e) {
                reasons.add("onionmx SRV record ignored: " + e.getMessage());
            }
        }
        return valid;
    }
}
