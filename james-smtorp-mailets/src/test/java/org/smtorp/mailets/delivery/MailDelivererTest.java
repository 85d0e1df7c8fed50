/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.smtorp.mailets.connection.DeliveryFailure;
import org.smtorp.mailets.connection.SmtpReply;
import org.smtorp.mailets.route.Destination;
import org.smtorp.mailets.route.OnionRoute;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.mailets.route.RouteSource;
import org.smtorp.mailets.route.SourceAnswer;
import org.smtorp.mailets.route.TestRouteSources;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.sender.RelayedMail;

import com.google.common.collect.ImmutableMap;

/** Every outcome of one attempt, against a scripted deliverer: no tor, no sockets. */
class MailDelivererTest {
    static final OnionAddress ONE = OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    static final OnionAddress TWO = OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
    private static final InetSocketAddress SOCKS = new InetSocketAddress("127.0.0.1", 9050);
    private static final List<Duration> DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(15));
    private static final int MAX_RETRIES = 3;

    private final Map<OnionAddress, Function<List<MailAddress>, DeliveryOutcome>> script = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<String> rcptArguments = new ArrayList<>();
    private final OnionDeliverer deliverer = (route, reversePath, recipients, message, dsn) -> {
        calls.add(route.onion().asString() + " " + recipients);
        recipients.forEach(recipient -> rcptArguments.add(recipient.asString() + dsn.mailFrom() + dsn.rcptTo(recipient)));
        return script.getOrDefault(route.onion(), MailDelivererTest::allDelivered).apply(recipients);
    };

    @Test
    void aV2OnionShouldBounceAtOnceWithTheParsersReason() throws Exception {
        FakeMail mail = mail("bob@expyuzz4wqqyqhjn.onion");

        Attempt attempt = deliverer(List.of(), true).attempt(mail, 0);

        assertThat(attempt.bounces()).hasSize(1).hasEntrySatisfying(address("bob@expyuzz4wqqyqhjn.onion"),
            reason -> assertThat(reason).startsWith("5.1.3 ").containsIgnoringCase("v2"));
        assertThat(attempt.handOffs()).isEmpty();
        assertThat(attempt.retryDelay()).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void theDsnParametersJamesKeptOnTheMailShouldGoToTheDeliverer() throws Exception {
        MailAddress bob = address("bob@" + ONE.asString());
        FakeMail mail = mail(bob.asString(), "carol@" + ONE.asString());
        mail.setDsnParameters(DsnParameters.of(Optional.of(DsnParameters.EnvId.of("QQ314159")),
            Optional.of(DsnParameters.Ret.HDRS), ImmutableMap.of(bob,
                DsnParameters.RecipientDsnParameters.of(EnumSet.of(DsnParameters.Notify.FAILURE)))).orElseThrow());

        deliverer(List.of(), true).attempt(mail, 0);

        assertThat(rcptArguments).containsExactly(bob.asString() + " RET=HDRS ENVID=QQ314159 NOTIFY=FAILURE",
            "carol@" + ONE.asString() + " RET=HDRS ENVID=QQ314159");
    }

    @Test
    void anExceptionInsideAnAttemptShouldCountAsAFailedAttemptOnTheSchedule() throws Exception {
        script.put(ONE, recipients -> {
            throw new IllegalArgumentException("an SMTP reply code is from 200 to 599: 199");
        });

        Attempt attempt = deliverer(List.of(), true).attempt(mail("bob@" + ONE.asString()), 1);

        assertThat(attempt.retries()).containsOnlyKeys(address("bob@" + ONE.asString()));
        assertThat(attempt.retryDelay()).contains(DELAYS.get(1));
        assertThat(attempt.bounces()).isEmpty();
    }

    @Test
    void aTemporaryFailureAfterTheLastRetryShouldBounceSayingSo() throws Exception {
        script.put(ONE, recipients -> DeliveryOutcome.failed(recipients,
            DeliveryFailure.temporary(DeliveryFailure.Reason.CONNECTION, "the connection broke")));

        Attempt attempt = deliverer(List.of(), true).attempt(mail("bob@" + ONE.asString()), MAX_RETRIES);

        assertThat(attempt.retryDelay()).isEmpty();
        assertThat(attempt.bounces()).containsEntry(address("bob@" + ONE.asString()),
            "gave up after 4 attempts; the last failed: the connection broke");
    }

    @Test
    void recipientsDeliveredAtOneOnionShouldNeverBeDeliveredAgain() throws Exception {
        script.put(TWO, recipients -> {
            throw new IllegalStateException("boom");
        });
        FakeMail mail = mail("bob@" + ONE.asString(), "carol@" + TWO.asString());
        MailDeliverer deliverer = deliverer(List.of(), true);

        Attempt first = deliverer.attempt(mail, 0);
        assertThat(first.delivered()).containsExactly(address("bob@" + ONE.asString()));
        assertThat(mail.getRecipients()).containsExactly(address("carol@" + TWO.asString()));

        script.remove(TWO);
        Attempt second = deliverer.attempt(mail, 1);
        assertThat(second.delivered()).containsExactly(address("carol@" + TWO.asString()));
        assertThat(calls).filteredOn(call -> call.startsWith(ONE.asString())).hasSize(1);
    }

    @Test
    void aTemporaryRcptRefusalShouldBeRetriedAndAPermanentOneBounced() throws Exception {
        MailAddress greylisted = address("grey@" + ONE.asString());
        MailAddress unknown = address("nobody@" + ONE.asString());
        MailAddress bob = address("bob@" + ONE.asString());
        script.put(ONE, recipients -> DeliveryOutcome.of(List.of(bob), Map.of(
            greylisted, DeliveryFailure.refused("RCPT TO", ONE.asString(), SmtpReply.of(450, List.of("4.2.0 greylisted"))),
            unknown, DeliveryFailure.refused("RCPT TO", ONE.asString(), SmtpReply.of(550, List.of("5.1.1 unknown"))))));

        Attempt attempt = deliverer(List.of(), true).attempt(mail(bob.asString(), greylisted.asString(),
            unknown.asString()), 0);

        assertThat(attempt.delivered()).containsExactly(bob);
        assertThat(attempt.retries()).containsOnlyKeys(greylisted);
        assertThat(attempt.bounces()).containsOnlyKeys(unknown);
    }

    @Test
    void aDeferredLookUpShouldBeRetriedAndNeverHandedOff() throws Exception {
        RouteSource bogus = recipient -> SourceAnswer.deferred("_smtorp.example.org. failed: DNSSEC bogus");

        Attempt attempt = deliverer(List.of(bogus), true).attempt(mail("bob@example.org"), 0);

        assertThat(attempt.retries()).hasEntrySatisfying(address("bob@example.org"),
            reason -> assertThat(reason).contains("DNSSEC bogus"));
        assertThat(attempt.handOffs()).isEmpty();
    }

    @Test
    void aRecipientWithoutRouteShouldBeHandedOffOnce() throws Exception {
        FakeMail mail = mail("bob@example.org");

        assertThat(deliverer(List.of(), true).attempt(mail, 0).handOffs()).containsExactly(address("bob@example.org"));

        mail.setAttribute(new Attribute(AttributeName.of(MailDeliverer.HANDED_OFF), AttributeValue.of(true)));
        Attempt again = deliverer(List.of(), true).attempt(mail, 0);
        assertThat(again.handOffs()).isEmpty();
        assertThat(again.retries()).containsOnlyKeys(address("bob@example.org"));
    }

    @Test
    void aRecipientWithoutRouteShouldBounceWithoutALegacyProcessor() throws Exception {
        Attempt attempt = deliverer(List.of(), false).attempt(mail("bob@example.org"), 0);

        assertThat(attempt.bounces()).containsOnlyKeys(address("bob@example.org"));
    }

    @Test
    void aTemporaryFailureAtTheFirstOnionShouldTryTheNext() throws Exception {
        script.put(ONE, recipients -> DeliveryOutcome.failed(recipients,
            DeliveryFailure.temporary(DeliveryFailure.Reason.TOR, "descriptor not found")));

        Attempt attempt = deliverer(List.of(ONE_THEN_TWO), true).attempt(mail("bob@example.org"), 0);

        assertThat(attempt.delivered()).containsExactly(address("bob@example.org"));
        assertThat(calls).hasSize(2).last().asString().startsWith(TWO.asString());
    }

    @Test
    void aPermanentFailureAtTheFirstOnionShouldNotTryTheNext() throws Exception {
        script.put(ONE, recipients -> DeliveryOutcome.failed(recipients,
            DeliveryFailure.permanent(DeliveryFailure.Reason.TLS, "no TLS")));

        Attempt attempt = deliverer(List.of(ONE_THEN_TWO), true).attempt(mail("bob@example.org"), 0);

        assertThat(attempt.bounces()).containsOnlyKeys(address("bob@example.org"));
        assertThat(calls).hasSize(1);
    }

    // The sending relay (SPEC 4): direct first; after sendingRelayAfter, what failed for now goes to the relay.
    private static final OnionAddress RELAY =
        OnionAddress.parse("lhnmvqkcfxadsfihyzdcfewoxln2ohal47qbebgpnm76a37mauqbavad.onion");
    private static final SendingRelay PINNED_RELAY = SendingRelay.of(
        SmtorpDomain.parse("xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq." + RELAY.asString()),
        Duration.ofMinutes(30));
    private final MutableClock clock = new MutableClock();

    // We are TWO, the onion of the test mails' sender; tofu: the pins first seen at onions.
    private static final Fingerprint OUR_KEY = Fingerprint.parse("b2kxwn4c3uhxpadxzq3hkbqg7ddgbhf5o7ewbykkkz3ttrsftmnq");
    private static final ProvedSender OURS = ProvedSender.of(TWO, OUR_KEY);
    private final Map<OnionAddress, Fingerprint> tofu = new LinkedHashMap<>();

    private MailDeliverer withRelay(List<RouteSource> sources) {
        return withRelay(sources, deliverer);
    }

    private MailDeliverer withRelay(List<RouteSource> sources, OnionDeliverer onionDeliverer) {
        return new MailDeliverer(RouteSelector.of(sources), onionDeliverer, SOCKS, TlsMode.IMPLICIT, DELAYS,
            MAX_RETRIES, true, Optional.of(PINNED_RELAY), OURS, onion -> Optional.ofNullable(tofu.get(onion)), clock);
    }

    // The relay's attempt is due: an hour since the mail's first attempt.
    private FakeMail dueMail(String... recipients) throws Exception {
        return dueMail(MaybeSender.of(address("alice@" + TWO.asString())), recipients);
    }

    private FakeMail dueMail(MaybeSender sender, String... recipients) throws Exception {
        FakeMail mail = mail(sender, recipients);
        mail.setAttribute(new Attribute(MailDeliverer.FIRST_ATTEMPT, AttributeValue.of(0L)));
        clock.advance(Duration.ofHours(1));
        return mail;
    }

    private boolean relayWasAsked() {
        return calls.stream().anyMatch(call -> call.startsWith(RELAY.asString()));
    }

    // No relay chains: two relays naming each other would pass an unreachable onion's mail back and
    // forth for ever, each hop a fresh mail with its Received lines scrubbed.
    @Test
    void mailRelayedToUsShouldNeverGoToOurSendingRelay() throws Exception {
        oneIsDown();
        FakeMail mail = dueMail("bob@" + ONE.asString());
        mail.setAttribute(new Attribute(AttributeName.of(RelayedMail.ATTRIBUTE), AttributeValue.of(OURS.asString())));

        Attempt attempt = withRelay(List.of()).attempt(mail, 1);

        assertThat(relayWasAsked()).isFalse();
        assertThat(attempt.retries()).containsOnlyKeys(address("bob@" + ONE.asString()));
    }

    @Test
    void mailRelayedToUsShouldBounceAfterTheLastRetryInsteadOfGoingToTheRelay() throws Exception {
        oneIsDown();
        FakeMail mail = dueMail("bob@" + ONE.asString());
        mail.setAttribute(new Attribute(AttributeName.of(RelayedMail.ATTRIBUTE), AttributeValue.of(OURS.asString())));

        Attempt attempt = withRelay(List.of()).attempt(mail, MAX_RETRIES);

        assertThat(attempt.bounces()).containsOnlyKeys(address("bob@" + ONE.asString()));
        assertThat(relayWasAsked()).isFalse();
    }

    // The relay takes mail from <> or our onion only (RelayedMail): anything else would be refused there.
    @Test
    void mailFromALegacySenderShouldNotGoToTheRelay() throws Exception {
        oneIsDown();
        FakeMail mail = dueMail(MaybeSender.of(address("alice@legacy.example")), "bob@" + ONE.asString());

        withRelay(List.of()).attempt(mail, 1);

        assertThat(relayWasAsked()).isFalse();
    }

    @Test
    void aBounceFromTheNullSenderShouldGoToTheRelay() throws Exception {
        oneIsDown();
        FakeMail mail = dueMail(MaybeSender.nullSender(), "bob@" + ONE.asString());

        Attempt attempt = withRelay(List.of()).attempt(mail, 1);

        assertThat(attempt.delivered()).containsExactly(address("bob@" + ONE.asString()));
        assertThat(relayWasAsked()).isTrue();
    }

    // SPEC 4 pins: a key that is not the pinned one is never taken past by the relay.
    @Test
    void aKeyChangedSinceFirstUseShouldNeverGoToTheRelay() throws Exception {
        script.put(ONE, recipients -> DeliveryOutcome.failed(recipients, DeliveryFailure.temporary(
            DeliveryFailure.Reason.KEY_CHANGED, "key change refused for " + ONE.asString())));
        FakeMail mail = dueMail("bob@" + ONE.asString());

        Attempt attempt = withRelay(List.of()).attempt(mail, 1);

        assertThat(relayWasAsked()).isFalse();
        assertThat(attempt.retries().get(address("bob@" + ONE.asString()))).contains("key change refused");
    }

    @Test
    void aTlsFailureShouldNeverGoToTheRelay() throws Exception {
        script.put(ONE, recipients -> DeliveryOutcome.failed(recipients, DeliveryFailure.temporary(
            DeliveryFailure.Reason.TLS, "TLS handshake with " + ONE.asString() + " failed")));
        FakeMail mail = dueMail("bob@" + ONE.asString());

        withRelay(List.of()).attempt(mail, 1);

        assertThat(relayWasAsked()).isFalse();
    }

    @Test
    void theRelayShouldGetTheRecipientWithTheKeyFirstSeenAtItsOnion() throws Exception {
        oneIsDown();
        Fingerprint firstSeen = Fingerprint.parse("a3nzy7q2xx3ucvyhynb6ksfobxwxt6wf3ybvxh3wqgvgmwstk3qq");
        tofu.put(ONE, firstSeen);
        MailAddress bob = address("bob@" + ONE.asString());
        FakeMail mail = dueMail(bob.asString());
        mail.setDsnParameters(DsnParameters.of(Optional.empty(), Optional.empty(), ImmutableMap.of(bob,
            DsnParameters.RecipientDsnParameters.of(EnumSet.of(DsnParameters.Notify.FAILURE)))).orElseThrow());

        Attempt attempt = withRelay(List.of()).attempt(mail, 1);

        String pinned = "bob@" + firstSeen.asString() + "." + ONE.asString();
        assertThat(calls).last().isEqualTo(RELAY.asString() + " [" + pinned + "]");
        assertThat(rcptArguments).last().isEqualTo(pinned + " NOTIFY=FAILURE");
        assertThat(attempt.delivered()).containsExactly(bob);
        assertThat(mail.getRecipients()).isEmpty();
    }

    @Test
    void theRelayShouldGetTheRecipientWithTheKeyItsOwnerAnnounced() throws Exception {
        oneIsDown();
        Fingerprint announced = Fingerprint.parse("a3nzy7q2xx3ucvyhynb6ksfobxwxt6wf3ybvxh3wqgvgmwstk3qq");
        RouteSource announcement = TestRouteSources.announcing(ONE, announced);
        FakeMail mail = dueMail("bob@" + ONE.asString());

        withRelay(List.of(announcement)).attempt(mail, 1);

        assertThat(calls).last().isEqualTo(RELAY.asString() + " [bob@" + announced.asString() + "." + ONE.asString() + "]");
    }

    @Test
    void theBareAndThePinnedFormOfOneMailboxShouldGoToTheRelayOnceAndBothCountAsDelivered() throws Exception {
        oneIsDown();
        Fingerprint announced = Fingerprint.parse("a3nzy7q2xx3ucvyhynb6ksfobxwxt6wf3ybvxh3wqgvgmwstk3qq");
        String pinned = "bob@" + announced.asString() + "." + ONE.asString();
        FakeMail mail = dueMail("bob@" + ONE.asString(), pinned);

        Attempt attempt = withRelay(List.of(TestRouteSources.announcing(ONE, announced))).attempt(mail, 1);

        assertThat(calls).last().isEqualTo(RELAY.asString() + " [" + pinned + "]");
        assertThat(attempt.delivered()).containsExactlyInAnyOrder(address("bob@" + ONE.asString()), address(pinned));
        assertThat(mail.getRecipients()).isEmpty();
    }

    @Test
    void aRelayRefusalOfAPinnedRecipientShouldBeRetriedUnderTheAddressTheMailHas() throws Exception {
        oneIsDown();
        tofu.put(ONE, Fingerprint.parse("a3nzy7q2xx3ucvyhynb6ksfobxwxt6wf3ybvxh3wqgvgmwstk3qq"));
        script.put(RELAY, recipients -> DeliveryOutcome.failed(recipients,
            DeliveryFailure.refused("RCPT TO", RELAY.asString(), SmtpReply.of(450, List.of("4.3.0 later")))));
        FakeMail mail = dueMail("bob@" + ONE.asString());

        Attempt attempt = withRelay(List.of()).attempt(mail, 1);

        assertThat(attempt.retries()).containsOnlyKeys(address("bob@" + ONE.asString()));
        assertThat(mail.getRecipients()).containsExactly(address("bob@" + ONE.asString()));
    }

    private void oneIsDown() {
        script.put(ONE, recipients -> DeliveryOutcome.failed(recipients,
            DeliveryFailure.temporary(DeliveryFailure.Reason.TOR, "onion descriptor not found")));
    }

    @Test
    void mailShouldGoToTheRelayOnceDirectDeliveryKeptFailingForTheConfiguredTime() throws Exception {
        oneIsDown();
        FakeMail mail = mail("bob@" + ONE.asString());
        MailDeliverer deliverer = withRelay(List.of());

        Attempt first = deliverer.attempt(mail, 0);
        clock.advance(Duration.ofMinutes(29));
        Attempt second = deliverer.attempt(mail, 1);
        clock.advance(Duration.ofMinutes(1));
        Attempt third = deliverer.attempt(mail, 2);

        assertThat(first.retries()).containsOnlyKeys(address("bob@" + ONE.asString()));
        assertThat(second.retries()).containsOnlyKeys(address("bob@" + ONE.asString()));
        assertThat(third.delivered()).containsExactly(address("bob@" + ONE.asString()));
        // Direct first every time, the relay only in the attempt that was due, with the address as given.
        assertThat(calls).containsExactly(ONE.asString() + " [bob@" + ONE.asString() + "]",
            ONE.asString() + " [bob@" + ONE.asString() + "]",
            ONE.asString() + " [bob@" + ONE.asString() + "]",
            RELAY.asString() + " [bob@" + ONE.asString() + "]");
        assertThat(mail.getRecipients()).isEmpty();
    }

    @Test
    void theRelayRouteShouldBePinnedToItsFingerprint() throws Exception {
        oneIsDown();
        List<OnionRoute> routes = new ArrayList<>();
        OnionDeliverer recording = (route, reversePath, recipients, message, dsn) -> {
            routes.add(route);
            return deliverer.deliver(route, reversePath, recipients, message, dsn);
        };
        clock.advance(Duration.ofHours(1));
        FakeMail mail = mail("bob@" + ONE.asString());
        mail.setAttribute(new Attribute(MailDeliverer.FIRST_ATTEMPT, AttributeValue.of(0L)));

        withRelay(List.of(), recording).attempt(mail, 1);

        assertThat(routes).last().isEqualTo(OnionRoute.to(PINNED_RELAY.relay(), SOCKS, TlsMode.IMPLICIT));
        assertThat(routes.get(routes.size() - 1).pin()).isEqualTo(PINNED_RELAY.relay().fingerprint());
    }

    @Test
    void aPermanentFailureShouldBounceAndNeverGoToTheRelay() throws Exception {
        script.put(ONE, recipients -> DeliveryOutcome.failed(recipients,
            DeliveryFailure.refused("MAIL FROM", ONE.asString(), SmtpReply.of(550, List.of("5.7.1 go away")))));
        FakeMail mail = mail("bob@" + ONE.asString());
        mail.setAttribute(new Attribute(MailDeliverer.FIRST_ATTEMPT, AttributeValue.of(0L)));
        clock.advance(Duration.ofHours(1));

        Attempt attempt = withRelay(List.of()).attempt(mail, 3);

        assertThat(attempt.bounces()).containsOnlyKeys(address("bob@" + ONE.asString()));
        assertThat(calls).noneMatch(call -> call.startsWith(RELAY.asString()));
    }

    @Test
    void aLegacyRecipientShouldNeverGoToTheRelayEvenWithAnOnionRoute() throws Exception {
        oneIsDown();
        FakeMail mail = mail("bob@example.org");
        mail.setAttribute(new Attribute(MailDeliverer.FIRST_ATTEMPT, AttributeValue.of(0L)));
        clock.advance(Duration.ofHours(1));
        RouteSource onionmx = recipient -> SourceAnswer.found(Destination.of(recipient, ONE, 25, Optional.empty(),
            "onionmx SRV"));

        Attempt attempt = withRelay(List.of(onionmx)).attempt(mail, 1);

        assertThat(attempt.retries()).containsOnlyKeys(address("bob@example.org"));
        assertThat(calls).noneMatch(call -> call.startsWith(RELAY.asString()));
    }

    @Test
    void aRelayThatRefusesShouldLeaveTheRecipientToRetryWithBothReasons() throws Exception {
        oneIsDown();
        script.put(RELAY, recipients -> DeliveryOutcome.failed(recipients,
            DeliveryFailure.refused("RCPT TO", RELAY.asString(), SmtpReply.of(550, List.of("5.7.1 Relaying denied")))));
        FakeMail mail = mail("bob@" + ONE.asString());
        mail.setAttribute(new Attribute(MailDeliverer.FIRST_ATTEMPT, AttributeValue.of(0L)));
        clock.advance(Duration.ofHours(1));

        Attempt attempt = withRelay(List.of()).attempt(mail, 1);

        assertThat(attempt.bounces()).isEmpty();
        assertThat(attempt.retries().get(address("bob@" + ONE.asString()))).contains("onion descriptor not found")
            .contains("through the sending relay " + RELAY.asString()).contains("5.7.1 Relaying denied");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Like onionmx SRV records: ONE first, TWO when ONE cannot take the mail now. */
    private static final RouteSource ONE_THEN_TWO = recipient -> SourceAnswer.found(Destination.of(recipient, ONE,
        25, Optional.empty(), "onionmx SRV").withFallbacks(List.of(Destination.of(recipient, TWO, 25, Optional.empty(),
        "onionmx SRV"))));

    private MailDeliverer deliverer(List<RouteSource> sources, boolean legacyProcessor) {
        return new MailDeliverer(RouteSelector.of(sources), deliverer, SOCKS, TlsMode.IMPLICIT, DELAYS, MAX_RETRIES,
            legacyProcessor);
    }

    private static DeliveryOutcome allDelivered(List<MailAddress> recipients) {
        return DeliveryOutcome.of(recipients, Map.of());
    }

    static FakeMail mail(String... recipients) throws Exception {
        return mail(MaybeSender.of(address("alice@" + TWO.asString())), recipients);
    }

    static FakeMail mail(MaybeSender sender, String... recipients) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("hostile");
        message.setText("Hello over Tor.");
        message.saveChanges();
        return FakeMail.builder().name("mail").sender(sender).recipients(recipients)
            .mimeMessage(message).build();
    }

    static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
