/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.pow.xpow.Challenge;

import nl.jqno.equalsverifier.EqualsVerifier;

class XpowConnectionTest {
    private static final Challenge FIRST = challenge("first");
    private static final Challenge SECOND = challenge("second");

    private static Challenge challenge(String text) {
        return Challenge.of(Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), Challenge.BYTES));
    }

    @Test
    void newShouldHaveNoChallengeAndCountFromTransactionOne() {
        assertThat(XpowConnection.NEW.challenge()).isEmpty();
        assertThat(XpowConnection.NEW.transaction()).isEqualTo(1);
    }

    @Test
    void afterAcceptedProofShouldMoveToTheNextTransaction() {
        XpowConnection connection = XpowConnection.NEW.withChallenge(FIRST).afterAcceptedProof().afterAcceptedProof();

        assertThat(connection.transaction()).isEqualTo(3);
        assertThat(connection.challenge()).contains(FIRST);
    }

    @Test
    void withChallengeShouldRestartTransactions() {
        XpowConnection connection = XpowConnection.NEW.withChallenge(FIRST).afterAcceptedProof().withChallenge(SECOND);

        assertThat(connection.challenge()).contains(SECOND);
        assertThat(connection.transaction()).isEqualTo(1);
    }

    @Test
    void shouldRespectTheEqualsContract() {
        EqualsVerifier.forClass(XpowConnection.class).withNonnullFields("challenge").verify();
    }
}
