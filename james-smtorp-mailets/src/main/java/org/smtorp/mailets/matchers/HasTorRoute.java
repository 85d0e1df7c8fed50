/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.matchers;

import java.util.Collection;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.smtorp.mailets.route.RouteSelector;

/**
 * Matches the recipients that OnionRemoteDelivery handles, by the same {@link RouteSelector}
 * answer it acts on: .onion addresses (valid or not: an invalid one is bounced there, never
 * sent elsewhere), addresses whose domain published an onion in DNS or whose owner announced
 * one, and those whose DNS look-up must be retried. Put before the stock RemoteDelivery, with
 * OnionRemoteDelivery: the rest stays with RemoteDelivery.
 */
public final class HasTorRoute extends GenericMatcher {
    private final RouteSelector routes;

    @Inject
    public HasTorRoute(RouteSelector routes) {
        this.routes = routes;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream()
            .filter(recipient -> routes.route(recipient).isForOnionDelivery())
            .collect(Collectors.toList());
    }

    @Override
    public String getMatcherInfo() {
        return "HasTorRoute: recipients at .onion, or with an onion found in DNS";
    }
}
