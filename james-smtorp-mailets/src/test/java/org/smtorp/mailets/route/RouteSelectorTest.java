/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

class RouteSelectorTest {
    static final OnionAddress ONION = OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    static final Fingerprint PIN = Fingerprint.parse("xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq");

    private static RouteSource answering(Optional<Fingerprint> pin, String evidence) {
        return recipient -> Optional.of(DiscoveredRoute.of(recipient, ONION, 25, pin, evidence));
    }

    @Test
    void aPinnedRouteShouldWinOverAnEarlierUnpinnedOne() throws Exception {
        RouteSelector selector = RouteSelector.of(List.of(answering(Optional.empty(), "first"),
            answering(Optional.of(PIN), "second")));

        assertThat(selector.discovered(new MailAddress("bob@example.org")).map(DiscoveredRoute::evidence))
            .contains("second");
    }

    @Test
    void theFirstSourceShouldWinAmongEquals() throws Exception {
        RouteSelector selector = RouteSelector.of(List.of(recipient -> Optional.empty(),
            answering(Optional.empty(), "second"), answering(Optional.empty(), "third")));

        assertThat(selector.discovered(new MailAddress("bob@example.org")).map(DiscoveredRoute::evidence))
            .contains("second");
    }

    @Test
    void onionRecipientsShouldNeverReachASource() throws Exception {
        List<MailAddress> asked = new ArrayList<>();
        RouteSelector selector = RouteSelector.of(List.of(recipient -> {
            asked.add(recipient);
            return Optional.empty();
        }));

        assertThat(selector.discovered(new MailAddress("bob@" + ONION.asString()))).isEmpty();
        assertThat(selector.discovered(new MailAddress("bob@broken.ONION"))).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void noSourceShouldMeanNoRoute() throws Exception {
        assertThat(RouteSelector.of(List.of()).discovered(new MailAddress("bob@example.org"))).isEmpty();
    }
}
