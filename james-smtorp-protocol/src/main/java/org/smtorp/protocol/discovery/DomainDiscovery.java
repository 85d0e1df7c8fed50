/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers whether a domain's mail can go over Tor: asks DNS for its {@code _smtorp} TXT and
 * onionmx SRV records at once and lets the {@link DiscoveryPolicy} decide. Never blocks for
 * long and never throws for DNS trouble: a failed look-up is a deferred {@link Discovery} (none
 * under {@code dnssec off}) that says why.
 */
public final class DomainDiscovery {
    private static final Logger LOGGER = LoggerFactory.getLogger(DomainDiscovery.class);

    private final DiscoverySettings settings;
    private final DnsLookup lookup;
    private final DiscoveryPolicy policy;

    private DomainDiscovery(DiscoverySettings settings, DnsLookup lookup, DiscoveryPolicy policy) {
        this.settings = settings;
        this.lookup = lookup;
        this.policy = policy;
    }

    /** @throws IOException if the trust anchor cannot be read or holds no DS or DNSKEY record */
    public static DomainDiscovery of(DiscoverySettings settings) throws IOException {
        return new DomainDiscovery(settings, DnsLookup.of(settings),
            DiscoveryPolicy.of(settings.dnssec(), new SecureRandom()));
    }

    /**
     * @param domain a mail domain, e.g. {@code example.org}
     * @throws IllegalArgumentException if it is under {@code .onion} (never asked) or no domain name
     */
    public Discovery discover(String domain) {
        String name = DnsLookup.absolute(domain).toString(true);
        CompletableFuture<DnsAnswer> txt = lookup.txt(SmtorpRecord.LABEL + "." + name);
        CompletableFuture<DnsAnswer> srv = lookup.srv(OnionMxRecord.LABEL + "." + name);
        Discovery discovery = policy.decide(name, lookup.await(txt, SmtorpRecord.LABEL + "." + name + "."),
            lookup.await(srv, OnionMxRecord.LABEL + "." + name + "."));
        LOGGER.debug("{}", discovery);
        return discovery;
    }

    public DiscoverySettings settings() {
        return settings;
    }
}
