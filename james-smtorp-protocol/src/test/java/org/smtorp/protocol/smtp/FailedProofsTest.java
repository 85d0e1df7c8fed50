/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.junit.jupiter.api.Test;

import nl.jqno.equalsverifier.EqualsVerifier;

class FailedProofsTest {
    private static final SMTPResponse REFUSAL = new SMTPResponse("535", "5.7.1 XONION signature does not verify");

    private final SMTPSession session = TestSessions.underTls();

    @Test
    void noneShouldNotCloseTheConnection() {
        assertThat(FailedProofs.none(1).closesConnection()).isFalse();
    }

    @Test
    void theFailureThatReachesTheLimitShouldCloseTheConnection() {
        FailedProofs failed = FailedProofs.none(2).afterFailure();

        assertThat(failed.closesConnection()).isFalse();
        assertThat(failed.afterFailure().closesConnection()).isTrue();
    }

    @Test
    void noneShouldRefuseALimitBelowOne() {
        assertThatThrownBy(() -> FailedProofs.none(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuseShouldAnswerTheRefusalBeforeTheLimit() {
        session.setAttachment(FailedProofs.KEY, FailedProofs.none(2), State.Connection);

        assertThat(FailedProofs.refuse(session, "XONION", REFUSAL, 5)).isSameAs(REFUSAL);
        assertThat(session.getAttachment(FailedProofs.KEY, State.Connection)).contains(
            FailedProofs.none(2).afterFailure());
    }

    @Test
    void refuseShouldCloseWithTheLastRefusalQuotedAtTheLimit() {
        session.setAttachment(FailedProofs.KEY, FailedProofs.none(2).afterFailure(), State.Connection);

        Response closing = FailedProofs.refuse(session, "XONION", REFUSAL, 5);

        assertThat(closing.getLines()).containsExactly("421 4.7.0 Too many failed proofs (2), closing connection;"
            + " the last: 535 5.7.1 XONION signature does not verify");
        assertThat(closing.isEndSession()).isTrue();
    }

    @Test
    void refuseShouldUseTheFallbackLimitWhenTheConnectionHasNone() {
        assertThat(FailedProofs.refuse(session, "XONION", REFUSAL, 1).isEndSession()).isTrue();
    }

    @Test
    void shouldRespectTheEqualsContract() {
        EqualsVerifier.forClass(FailedProofs.class).verify();
    }
}
