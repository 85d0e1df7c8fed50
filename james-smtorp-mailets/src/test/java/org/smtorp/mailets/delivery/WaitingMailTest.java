/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.Domain;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRetriesHelper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.OnionAddress;

import nl.jqno.equalsverifier.EqualsVerifier;

class WaitingMailTest {
    private static final OnionAddress ONION =
        OnionAddress.parse("lhnmvqkcfxadsfihyzdcfewoxln2ohal47qbebgpnm76a37mauqbavad.onion");
    private static final String PINNED = "xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq." + ONION.asString();
    private static final ZonedDateTime NEXT = ZonedDateTime.of(2026, 12, 6, 5, 30, 0, 0, ZoneId.of("Europe/Paris"));

    @Test
    void ofShouldListAnOnionOnceWhetherItsAddressesCarryAFingerprintOrNot() throws MessagingException {
        WaitingMail waiting = WaitingMail.of(mail("bob@" + ONION.asString(), "carol@" + PINNED), Optional.empty());

        assertThat(waiting.onions()).containsExactly(ONION);
        assertThat(waiting.domains()).isEmpty();
        assertThat(waiting.recipients()).isEqualTo(2);
    }

    @Test
    void ofShouldListDomainsWithoutAnOnionApart() throws MessagingException {
        WaitingMail waiting = WaitingMail.of(mail("bob@example.org", "carol@example.org", "dave@" + ONION.asString()),
            Optional.empty());

        assertThat(waiting.onions()).containsExactly(ONION);
        assertThat(waiting.domains()).containsExactly(Domain.of("example.org"));
    }

    @Test
    void ofShouldCountTheAttemptsJamesRetryCountRecords() throws MessagingException {
        Mail mail = mail("bob@" + ONION.asString());
        DeliveryRetriesHelper.initRetries(mail);
        DeliveryRetriesHelper.incrementRetries(mail);
        DeliveryRetriesHelper.incrementRetries(mail);

        assertThat(WaitingMail.of(mail, Optional.empty()).attempts()).isEqualTo(2);
    }

    @Test
    void ofShouldCountNoAttemptForAMailNotYetTried() throws MessagingException {
        assertThat(WaitingMail.of(mail("bob@" + ONION.asString()), Optional.empty()).attempts()).isZero();
    }

    @Test
    void ofShouldTakeTheNextAttemptFromTheQueueAsAnInstant() throws MessagingException {
        WaitingMail waiting = WaitingMail.of(mail("bob@" + ONION.asString()), Optional.of(NEXT));

        assertThat(waiting.nextAttempt()).contains(Instant.parse("2026-12-06T04:30:00Z"));
    }

    @Test
    void ofShouldGiveTheLastErrorRecordedAtTheRetry() throws MessagingException {
        Mail mail = mail("bob@" + ONION.asString());
        mail.setAttribute(new Attribute(WaitingMail.LAST_ERROR, AttributeValue.of("4.4.1 onion not reachable")));

        assertThat(WaitingMail.of(mail, Optional.empty()).lastError()).contains("4.4.1 onion not reachable");
    }

    @Test
    void ofShouldMakeTheLastErrorPrintableAndBoundedWhoeverSetIt() throws MessagingException {
        Mail mail = mail("bob@" + ONION.asString());
        mail.setAttribute(new Attribute(WaitingMail.LAST_ERROR,
            AttributeValue.of("4.3.0 busy\r\nX-Forged: yes\u001b[2J" + "x".repeat(5000))));

        String lastError = WaitingMail.of(mail, Optional.empty()).lastError().orElseThrow();

        assertThat(lastError).startsWith("4.3.0 busy??X-Forged: yes?[2J").hasSize(Attempt.MAX_REASON).endsWith("...")
            .doesNotContain("\r", "\n", "\u001b");
    }

    @Test
    void ofShouldGiveNoLastErrorWhenTheAttributeIsNotText() throws MessagingException {
        Mail mail = mail("bob@" + ONION.asString());
        mail.setAttribute(new Attribute(WaitingMail.LAST_ERROR, AttributeValue.of(42)));

        assertThat(WaitingMail.of(mail, Optional.empty()).lastError()).isEmpty();
    }

    @Test
    void ofShouldGiveNoLastErrorNorNextAttemptWhenUnknown() throws MessagingException {
        WaitingMail waiting = WaitingMail.of(mail("bob@" + ONION.asString()), Optional.empty());

        assertThat(waiting.lastError()).isEmpty();
        assertThat(waiting.nextAttempt()).isEmpty();
        assertThat(waiting.id()).isEqualTo("queued-mail");
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(WaitingMail.class).withNonnullFields("id", "onions", "domains", "nextAttempt",
            "lastError").verify();
    }

    private static Mail mail(String... recipients) throws MessagingException {
        return FakeMail.builder().name("queued-mail").sender("alice@example.org").recipients(recipients).build();
    }
}
