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
    void onionRecipientsShouldNeverReachASourceThatAsksDns() throws Exception {
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
    void onionRecipientsShouldReachOnlySourcesThatKnowOnionAddresses() throws Exception {
        RouteSource announced = announcingOnionPinned();
        List<MailAddress> askedDns = new ArrayList<>();
        RouteSelector selector = RouteSelector.of(List.of(recipient -> {
            askedDns.add(recipient);
            return Optional.empty();
        }, announced));

        assertThat(selector.discovered(new MailAddress("bob@" + ONION.asString())).flatMap(DiscoveredRoute::pin))
            .contains(PIN);
        assertThat(askedDns).isEmpty();
    }

    @Test
    void aRouteToAnotherOnionShouldNotCountForAnOnionRecipient() throws Exception {
        OnionAddress other = OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
        RouteSelector selector = RouteSelector.of(List.of(announcingOnionPinned()));

        assertThat(selector.discovered(new MailAddress("bob@" + other.asString()))).isEmpty();
    }

    /** Like the announced-address source: it may be asked about onions, and answers ONION pinned to PIN. */
    private static RouteSource announcingOnionPinned() {
        return new RouteSource() {
            @Override
            public Optional<DiscoveredRoute> routeFor(MailAddress recipient) {
                return Optional.of(DiscoveredRoute.of(recipient, ONION, 25, Optional.of(PIN), "announced"));
            }

            @Override
            public boolean knowsOnionAddresses() {
                return true;
            }
        };
    }

    @Test
    void noSourceShouldMeanNoRoute() throws Exception {
        assertThat(RouteSelector.of(List.of()).discovered(new MailAddress("bob@example.org"))).isEmpty();
    }
}
