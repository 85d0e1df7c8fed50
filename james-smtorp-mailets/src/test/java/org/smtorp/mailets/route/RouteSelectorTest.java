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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

class RouteSelectorTest {
    static final OnionAddress ONION = OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    static final Fingerprint PIN = Fingerprint.parse("xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq");

    private static RouteSource answering(Optional<Fingerprint> pin, String evidence) {
        return recipient -> SourceAnswer.found(Destination.of(recipient, ONION, 25, pin, evidence));
    }

    @Test
    void aPinnedRouteShouldWinOverAnEarlierUnpinnedOne() throws Exception {
        RouteSelector selector = RouteSelector.of(List.of(answering(Optional.empty(), "first"),
            answering(Optional.of(PIN), "second")));

        assertThat(selector.route(new MailAddress("bob@example.org")).reason()).isEqualTo("second");
    }

    @Test
    void theFirstSourceShouldWinAmongEquals() throws Exception {
        RouteSelector selector = RouteSelector.of(List.of(recipient -> SourceAnswer.none(),
            answering(Optional.empty(), "second"), answering(Optional.empty(), "third")));

        assertThat(selector.route(new MailAddress("bob@example.org")).reason()).isEqualTo("second");
    }

    @Test
    void aDeferringSourceShouldHoldTheMailBackRatherThanSendItWithoutPin() throws Exception {
        RouteSelector selector = RouteSelector.of(List.of(recipient -> SourceAnswer.deferred("TXT bogus"),
            answering(Optional.empty(), "announced without pin")));

        RouteDecision decision = selector.route(new MailAddress("bob@example.org"));

        assertThat(decision.kind()).isEqualTo(RouteDecision.Kind.DEFERRED);
        assertThat(decision.reason()).isEqualTo("TXT bogus");
        assertThat(decision.isForOnionDelivery()).isTrue();
    }

    @Test
    void aDeferringSourceShouldNotHoldBackAPinnedRoute() throws Exception {
        RouteSelector selector = RouteSelector.of(List.of(recipient -> SourceAnswer.deferred("TXT bogus"),
            answering(Optional.of(PIN), "announced")));

        assertThat(selector.route(new MailAddress("bob@example.org")).kind()).isEqualTo(RouteDecision.Kind.TOR);
    }

    @Test
    void aSourceThatThrowsShouldDeferNotDowngrade() throws Exception {
        RouteSelector selector = RouteSelector.of(List.of(recipient -> {
            throw new IllegalStateException("store unreadable");
        }));

        assertThat(selector.route(new MailAddress("bob@example.org")).kind())
            .isEqualTo(RouteDecision.Kind.DEFERRED);
    }

    @Test
    void nothingFoundShouldBeNotForTor() throws Exception {
        RouteDecision decision = RouteSelector.of(List.of(recipient -> SourceAnswer.none()))
            .route(new MailAddress("bob@example.org"));

        assertThat(decision).isEqualTo(RouteDecision.notForTor());
        assertThat(decision.isForOnionDelivery()).isFalse();
    }

    @Test
    void anOnionAddressWithFingerprintShouldBePinnedToIt() throws Exception {
        String domain = PIN.abbreviate(80).asString() + "." + ONION.asString();

        RouteDecision decision = RouteSelector.of(List.of()).route(new MailAddress("bob@" + domain));

        assertThat(decision.kind()).isEqualTo(RouteDecision.Kind.TOR);
        Destination destination = decision.destination().orElseThrow();
        assertThat(destination.onion()).isEqualTo(ONION);
        assertThat(destination.port()).isEqualTo(25);
        assertThat(destination.pin()).contains(PIN.abbreviate(80));
        assertThat(destination.recipient()).isEqualTo(new MailAddress("bob@" + domain));
    }

    @Test
    void aBareOnionAddressShouldBeTrustedOnFirstUse() throws Exception {
        Destination destination = RouteSelector.of(List.of()).route(new MailAddress("bob@" + ONION.asString()))
            .destination().orElseThrow();

        assertThat(destination.pin()).isEmpty();
        assertThat(destination.evidence()).isEqualTo("trust on first use");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bob@expyuzz4wqqyqhjn.onion|v2",
        // one character of the key changed: the checksum no longer matches
        "bob@pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4psdryd.onion|checksum",
        "bob@aaaaaaaaaaaaaaa.pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion|fingerprint",
        "bob@pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscry1.onion|base32",
        "x@aaaa.onion|56 are required"})
    void aMalformedOnionShouldBeInvalidWithTheParsersReason(String address, String reason) throws Exception {
        List<MailAddress> asked = new ArrayList<>();
        RouteSelector selector = RouteSelector.of(List.of(recipient -> {
            asked.add(recipient);
            return SourceAnswer.none();
        }));

        RouteDecision decision = selector.route(new MailAddress(address));

        assertThat(decision.kind()).isEqualTo(RouteDecision.Kind.INVALID);
        assertThat(decision.reason()).containsIgnoringCase(reason);
        assertThat(decision.isForOnionDelivery()).isTrue();
        assertThat(asked).isEmpty();
    }

    @Test
    void onionRecipientsShouldNeverReachASourceThatAsksDns() throws Exception {
        List<MailAddress> asked = new ArrayList<>();
        RouteSelector selector = RouteSelector.of(List.of(recipient -> {
            asked.add(recipient);
            return SourceAnswer.none();
        }));

        selector.route(new MailAddress("bob@" + ONION.asString()));
        selector.route(new MailAddress("bob@broken.ONION"));

        assertThat(asked).isEmpty();
    }

    @Test
    void anAnnouncedPinShouldPinABareOnionAddress() throws Exception {
        List<MailAddress> askedDns = new ArrayList<>();
        RouteSelector selector = RouteSelector.of(List.of(recipient -> {
            askedDns.add(recipient);
            return SourceAnswer.none();
        }, announcingOnionPinned(ONION)));

        Destination destination = selector.route(new MailAddress("bob@" + ONION.asString())).destination()
            .orElseThrow();

        assertThat(destination.pin()).contains(PIN);
        assertThat(destination.evidence()).isEqualTo("announced");
        assertThat(askedDns).isEmpty();
    }

    @Test
    void aRouteToAnotherOnionShouldNotPinAnOnionRecipient() throws Exception {
        OnionAddress other = OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
        RouteSelector selector = RouteSelector.of(List.of(announcingOnionPinned(ONION)));

        Destination destination = selector.route(new MailAddress("bob@" + other.asString())).destination()
            .orElseThrow();

        assertThat(destination.onion()).isEqualTo(other);
        assertThat(destination.pin()).isEmpty();
    }

    private static RouteSource announcingOnionPinned(OnionAddress onion) {
        return TestRouteSources.announcing(onion, PIN);
    }
}
