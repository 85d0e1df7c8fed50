/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.function.Function;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.protocol.discovery.Discovery;
import org.smtorp.protocol.discovery.DomainDiscovery;

/**
 * Routes found in DNS: the recipient's domain's {@code _smtorp} TXT and onionmx SRV records
 * (docs/discovery.md), cached by TTL. RCPT TO stays the recipient's own address. Names under
 * {@code .onion} are never asked.
 */
public final class DnsRouteSource implements RouteSource {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsRouteSource.class);
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    private final Function<String, Discovery> discovery;
    private final DiscoveryCache cache;

    DnsRouteSource(Function<String, Discovery> discovery, DiscoveryCache cache) {
        this.discovery = discovery;
        this.cache = cache;
    }

    public static DnsRouteSource of(DomainDiscovery discovery, Clock clock, int cacheSize) {
        requireNonNull(discovery, "discovery");
        return new DnsRouteSource(discovery::discover, new DiscoveryCache(clock, cacheSize));
    }

    @Override
    public SourceAnswer routeFor(MailAddress recipient) {
        if (RouteSelector.isOnion(recipient)) {
            return SourceAnswer.none();
        }
        String domain = recipient.getDomain().asString().toLowerCase(Locale.ROOT);
        Discovery found = cache.get(domain).orElseGet(() -> discover(domain));
        if (found.kind() == Discovery.Kind.DEFERRED) {
            // A look-up an attacker on the path could have broken: hold the mail, never send it in clear.
            return SourceAnswer.deferred("DNS discovery for " + domain + " failed: " + String.join("; ", found.reasons()));
        }
        return found.onion().map(onion -> SourceAnswer.found(Destination.of(recipient, onion.onion(), onion.port(),
            onion.pin(), found.evidence()).withFallbacks(found.fallbacks().stream()
                .map(other -> Destination.of(recipient, other.onion(), other.port(), other.pin(), found.evidence()))
                .collect(Collectors.toList()))))
            .orElse(SourceAnswer.none());
    }

    private Discovery discover(String domain) {
        Discovery found;
        try {
            found = discovery.apply(domain);
        } catch (IllegalArgumentException e) {
            // Not a name DNS can be asked for (James accepts address literals): no route, no look-up.
            LOGGER.debug("no DNS discovery for {}: {}", domain, e.getMessage());
            return Discovery.none(domain, List.of(e.getMessage()), Duration.ZERO);
        }
        if (found.kind() == Discovery.Kind.DEFERRED) {
            LOGGER.info("mail to {} is held: {}", domain, found.reasons());
        } else if (found.onion().isPresent()) {
            LOGGER.info("mail to {} goes over Tor to {} ({})", domain, found.onion().get(), found.evidence());
        } else {
            LOGGER.debug("no Tor route for {}: {}", domain, found.reasons());
        }
        cache.put(domain, found);
        return found;
    }
}
