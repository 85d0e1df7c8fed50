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
import org.smtorp.mailets.route.Destination;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.mailets.route.SourceAnswer;
import org.smtorp.protocol.address.OnionAddress;

class HasTorRouteTest {
    private final HasTorRoute matcher = new HasTorRoute(RouteSelector.of(List.of(recipient -> {
        switch (recipient.getDomain().asString()) {
            case "upgraded.example":
                return SourceAnswer.found(Destination.of(recipient, OnionAddress.parse(HasOnionRecipientTest.ONION), 25,
                    Optional.empty(), "onionmx SRV of upgraded.example"));
            case "bogus.example":
                return SourceAnswer.deferred("_smtorp.bogus.example. failed: DNSSEC bogus");
            default:
                return SourceAnswer.none();
        }
    })));

    @Test
    void matchShouldReturnOnionRecipientsAndThoseWithADestination() throws Exception {
        FakeMail mail = FakeMail.builder().name("m")
            .recipients("bob@" + HasOnionRecipientTest.ONION, "carol@example.com", "dave@upgraded.example").build();

        assertThat(matcher.match(mail)).containsExactlyInAnyOrder(new MailAddress("bob@" + HasOnionRecipientTest.ONION),
            new MailAddress("dave@upgraded.example"));
    }

    @Test
    void matchShouldTakeMalformedOnionsSoThatTheyBounceAndNeverReachRemoteDelivery() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("bob@expyuzz4wqqyqhjn.onion").build();

        assertThat(matcher.match(mail)).containsExactly(new MailAddress("bob@expyuzz4wqqyqhjn.onion"));
    }

    @Test
    void matchShouldTakeRecipientsWhoseLookUpMustBeRetried() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("erin@bogus.example").build();

        assertThat(matcher.match(mail)).containsExactly(new MailAddress("erin@bogus.example"));
    }

    @Test
    void matchShouldLeaveLegacyRecipientsToRemoteDelivery() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("carol@example.com").build();

        assertThat(matcher.match(mail)).isEmpty();
    }
}
