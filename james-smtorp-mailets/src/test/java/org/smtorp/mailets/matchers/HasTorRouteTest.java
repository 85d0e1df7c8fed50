/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.smtorp.mailets.route.DiscoveredRoute;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.protocol.address.OnionAddress;

class HasTorRouteTest {
    private final HasTorRoute matcher = new HasTorRoute(RouteSelector.of(List.of(recipient ->
        recipient.getDomain().asString().equals("upgraded.example")
            ? Optional.of(DiscoveredRoute.of(recipient, OnionAddress.parse(HasOnionRecipientTest.ONION), 25,
                Optional.empty(), "onionmx SRV of upgraded.example"))
            : Optional.empty())));

    @Test
    void matchShouldReturnOnionRecipientsAndThoseWithADiscoveredRoute() throws Exception {
        FakeMail mail = FakeMail.builder().name("m")
            .recipients("bob@" + HasOnionRecipientTest.ONION, "carol@example.com", "dave@upgraded.example").build();

        assertThat(matcher.match(mail)).containsExactlyInAnyOrder(new MailAddress("bob@" + HasOnionRecipientTest.ONION),
            new MailAddress("dave@upgraded.example"));
    }

    @Test
    void matchShouldLeaveLegacyRecipientsToRemoteDelivery() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("carol@example.com").build();

        assertThat(matcher.match(mail)).isEmpty();
    }
}
