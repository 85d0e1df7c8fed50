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
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

/**
 * Finds the way over Tor for a recipient whose address is not an onion, by asking every
 * {@link RouteSource} (DNS discovery, announced SMTorP addresses): a pinned route wins over
 * one trusted on first use, then the first source. The matcher that sends mail to onion
 * delivery and onion delivery itself ask the same selector, so they agree.
 */
public final class RouteSelector {
    private final List<RouteSource> sources;

    private RouteSelector(List<RouteSource> sources) {
        this.sources = sources;
    }

    /** The sources the SMTorP extension binds, in binding order. */
    @Inject
    public RouteSelector(Set<RouteSource> sources) {
        this(List.copyOf(sources));
    }

    public static RouteSelector of(List<RouteSource> sources) {
        return new RouteSelector(List.copyOf(requireNonNull(sources, "sources")));
    }

    /** Empty for .onion recipients (they route themselves) and for those no source knows. */
    public Optional<DiscoveredRoute> discovered(MailAddress recipient) {
        if (isOnion(recipient)) {
            return Optional.empty();
        }
        List<DiscoveredRoute> found = new ArrayList<>();
        for (RouteSource source : sources) {
            source.routeFor(recipient).ifPresent(found::add);
        }
        return found.stream().filter(route -> route.pin().isPresent()).findFirst()
            .or(() -> found.stream().findFirst());
    }

    /** By the last label only: a malformed onion must never reach a source that asks DNS. */
    static boolean isOnion(MailAddress address) {
        return address.getDomain().asString().toLowerCase(Locale.ROOT).endsWith(".onion");
    }
}
