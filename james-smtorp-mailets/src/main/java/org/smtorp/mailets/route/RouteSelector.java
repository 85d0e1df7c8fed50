/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Answers the whole routing question for a recipient ({@link RouteDecision}); the matcher that
 * sends mail to onion delivery and onion delivery itself ask it, so they cannot disagree.
 * <ul>
 *   <li>An address under {@code .onion} (by its last label, so that no malformed onion ever
 *       reaches DNS) is parsed as an SMTorP address: invalid, or its onion on port 25, pinned
 *       to its fingerprint, else to a fingerprint its owner announced, else trusted on first
 *       use. Only sources that know onion addresses are asked.</li>
 *   <li>Any other address asks every {@link RouteSource} (the extension binds DNS first, then
 *       announcements): a pinned destination wins over one trusted on first use, then the first
 *       source; a source that must defer holds the mail back unless a pinned destination was
 *       found; nothing found means not for Tor.</li>
 * </ul>
 */
public final class RouteSelector {
    private static final Logger LOGGER = LoggerFactory.getLogger(RouteSelector.class);

    private final List<RouteSource> sources;

    private RouteSelector(List<RouteSource> sources) {
        this.sources = sources;
    }

    public static RouteSelector of(List<RouteSource> sources) {
        return new RouteSelector(List.copyOf(requireNonNull(sources, "sources")));
    }

    public RouteDecision route(MailAddress recipient) {
        return isOnion(recipient) ? onionRoute(recipient) : discoveredRoute(recipient);
    }

    private RouteDecision onionRoute(MailAddress recipient) {
        SmtorpDomain domain;
        try {
            domain = SmtorpDomain.parse(recipient.getDomain().asString());
        } catch (InvalidAddressException e) {
            return RouteDecision.invalid(e.getMessage());
        }
        if (domain.fingerprint().isPresent()) {
            return RouteDecision.tor(Destination.of(recipient, domain.onion(), OnionRoute.SMTP_PORT,
                domain.fingerprint(), "the fingerprint in the address"));
        }
        // Its owner may have announced the address with a fingerprint: pin that, not the first key.
        Optional<Destination> announced = answers(recipient, true).stream()
            .map(SourceAnswer::destination).flatMap(Optional::stream)
            .filter(found -> found.onion().equals(domain.onion()) && found.pin().isPresent())
            .findFirst();
        return RouteDecision.tor(Destination.of(recipient, domain.onion(), OnionRoute.SMTP_PORT,
            announced.flatMap(Destination::pin),
            announced.map(Destination::evidence).orElse("trust on first use")));
    }

    private RouteDecision discoveredRoute(MailAddress recipient) {
        List<SourceAnswer> answers = answers(recipient, false);
        List<Destination> found = answers.stream().map(SourceAnswer::destination).flatMap(Optional::stream)
            .collect(Collectors.toList());
        Optional<Destination> pinned = found.stream().filter(destination -> destination.pin().isPresent())
            .findFirst();
        if (pinned.isPresent()) {
            return RouteDecision.tor(pinned.get());
        }
        List<String> deferred = answers.stream().filter(answer -> answer.kind() == SourceAnswer.Kind.DEFERRED)
            .map(SourceAnswer::reason).collect(Collectors.toList());
        if (!deferred.isEmpty()) {
            return RouteDecision.deferred(String.join("; ", deferred));
        }
        return found.stream().findFirst().map(RouteDecision::tor).orElse(RouteDecision.notForTor());
    }

    // A source that fails unexpectedly (a store that cannot be read) defers: its answer might have been a pin.
    private List<SourceAnswer> answers(MailAddress recipient, boolean onion) {
        List<SourceAnswer> answers = new ArrayList<>();
        for (RouteSource source : sources) {
            if (onion && !source.knowsOnionAddresses()) {
                continue;
            }
            try {
                answers.add(requireNonNull(source.routeFor(recipient), "a route source's answer"));
            } catch (RuntimeException e) {
                LOGGER.warn("{} failed for {}", source, recipient.asString(), e);
                answers.add(SourceAnswer.deferred(source + " failed: " + e.getMessage()));
            }
        }
        return answers;
    }

    /** By the last label only: a malformed onion must never reach a source that asks DNS. */
    public static boolean isOnion(MailAddress address) {
        String domain = address.getDomain().asString().toLowerCase(Locale.ROOT);
        return domain.endsWith(".onion") || domain.equals("onion");
    }
}
