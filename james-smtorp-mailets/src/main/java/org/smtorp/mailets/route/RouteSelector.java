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

import org.apache.james.core.MailAddress;

/**
 * Finds the way over Tor for a recipient whose address is not an onion, by asking every
 * {@link RouteSource} (DNS discovery, announced SMTorP addresses): a pinned route wins over
 * one trusted on first use, then the first source (the SMTorP extension binds DNS first). The matcher that sends mail to onion
 * delivery and onion delivery itself ask the same selector, so they agree.
 */
public final class RouteSelector {
    private final List<RouteSource> sources;

    private RouteSelector(List<RouteSource> sources) {
        this.sources = sources;
    }

    public static RouteSelector of(List<RouteSource> sources) {
        return new RouteSelector(List.copyOf(requireNonNull(sources, "sources")));
    }

    /**
     * The way over Tor for {@code recipient}. For a .onion recipient only sources that
     * {@linkplain RouteSource#knowsOnionAddresses() know onion addresses} are asked (to learn
     * its pin), and only a route to that same onion counts; empty when no source knows one.
     */
    public Optional<DiscoveredRoute> discovered(MailAddress recipient) {
        boolean onion = isOnion(recipient);
        List<DiscoveredRoute> found = new ArrayList<>();
        for (RouteSource source : sources) {
            if (!onion || source.knowsOnionAddresses()) {
                source.routeFor(recipient).filter(route -> !onion || sameOnion(recipient, route))
                    .ifPresent(found::add);
            }
        }
        return found.stream().filter(route -> route.pin().isPresent()).findFirst()
            .or(() -> found.stream().findFirst());
    }

    private static boolean sameOnion(MailAddress recipient, DiscoveredRoute route) {
        String domain = recipient.getDomain().asString().toLowerCase(Locale.ROOT);
        String onion = route.onion().asString();
        return domain.equals(onion) || domain.endsWith("." + onion);
    }

    /** By the last label only: a malformed onion must never reach a source that asks DNS. */
    static boolean isOnion(MailAddress address) {
        return address.getDomain().asString().toLowerCase(Locale.ROOT).endsWith(".onion");
    }
}
