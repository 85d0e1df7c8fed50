/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.james.transport.matchers.IsRemoteDeliveryPermanentError;
import org.apache.james.transport.matchers.IsRemoteDeliveryTemporaryError;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

/**
 * A mail given up reaches the bounce processor as RemoteDelivery's does, so that James's own
 * matchers there tell a permanent refusal from retries run out (and ToRepository keeps each).
 */
class DeliveryBounceTest {
    private static final MailAddress BOB = address("bob@pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final MailAddress CAROL = address("carol@pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final List<Duration> DELAYS = List.of(Duration.ofMinutes(1));

    private final FakeMailContext context = FakeMailContext.defaultContext();
    private final DeliveryBounce bounce = new DeliveryBounce(context, Optional.of("remote-delivery-error"));

    @Test
    void aPermanentRefusalShouldCarryJamesAttributesAndTheReplyCode() throws Exception {
        Attempt attempt = Attempt.builder().bounce(BOB, "550 5.1.1 no such user", Optional.of(550)).build(0, 5, DELAYS);

        settle(attempt);

        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getState()).isEqualTo("remote-delivery-error");
        assertThat(sent.getRecipients()).containsExactly(BOB);
        assertThat(sent.getAttributes().get(Bouncer.DELIVERY_ERROR_CODE).getValue()).isEqualTo(AttributeValue.of(550));
        assertThat(sent.getAttributes().get(Bouncer.DELIVERY_ERROR).getValue())
            .isEqualTo(AttributeValue.of("550 5.1.1 no such user"));
        assertThat(matches(new IsRemoteDeliveryPermanentError(), sent)).isTrue();
        assertThat(matches(new IsRemoteDeliveryTemporaryError(), sent)).isFalse();
    }

    @Test
    void retriesRunOutShouldBeATemporaryErrorWithoutReplyCodeAsRemoteDeliveryMarksIt() throws Exception {
        Attempt attempt = Attempt.builder().temporary(BOB, "4.4.1 onion unreachable").build(5, 5, DELAYS);

        settle(attempt);

        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        assertThat(sent.getAttributes()).doesNotContainKey(Bouncer.DELIVERY_ERROR_CODE);
        assertThat(matches(new IsRemoteDeliveryTemporaryError(), sent)).isTrue();
        assertThat(matches(new IsRemoteDeliveryPermanentError(), sent)).isFalse();
    }

    @Test
    void bothKindsInOneAttemptShouldBounceApartEachWithItsRecipients() throws Exception {
        Attempt attempt = Attempt.builder().bounce(BOB, "550 5.1.1 no such user", Optional.of(550))
            .temporary(CAROL, "4.4.1 onion unreachable").build(5, 5, DELAYS);

        settle(attempt);

        assertThat(context.getSentMails()).hasSize(2);
        assertThat(context.getSentMails()).filteredOn(sent -> matches(new IsRemoteDeliveryPermanentError(), sent))
            .singleElement().satisfies(sent -> assertThat(sent.getRecipients()).containsExactly(BOB));
        assertThat(context.getSentMails()).filteredOn(sent -> matches(new IsRemoteDeliveryTemporaryError(), sent))
            .singleElement().satisfies(sent -> assertThat(sent.getRecipients()).containsExactly(CAROL));
    }

    private void settle(Attempt attempt) throws Exception {
        Mail mail = FakeMail.builder().name("mail").sender("alice@example.org").recipients(BOB, CAROL)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("given up").setText("body")).build();
        attempt.undeliverable().forEach(undeliverable -> bounce.bounce(mail, undeliverable));
    }

    // James's matchers, run on what the bounce processor receives.
    private static boolean matches(Matcher matcher, FakeMailContext.SentMail sent) {
        try {
            matcher.init(FakeMatcherConfig.builder().matcherName(matcher.getClass().getSimpleName()).build());
            FakeMail mail = FakeMail.builder().name("bounced").recipients(List.copyOf(sent.getRecipients()))
                .attributes(List.copyOf(sent.getAttributes().values())).build();
            return !matcher.match(mail).isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
