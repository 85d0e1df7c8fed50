/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.identity.OnionServiceKey;
import org.smtorp.protocol.sender.ProvedSender;

class UnpaidMessageLimitTest {
    private static final byte[] LINE = "0123456789\r\n".getBytes(US_ASCII);
    private static final byte[] END = ".\r\n".getBytes(US_ASCII);
    private static final Response STORED = new SMTPResponse("250", "2.6.0 stored");

    private final UnpaidMessageLimit limit = new UnpaidMessageLimit(2L * LINE.length);
    private final SMTPSession session = TestSessions.underTls();
    private final List<byte[]> passed = new ArrayList<>();
    private final LineHandler<SMTPSession> next = (session, line) -> {
        passed.add(line);
        return line.length == END.length ? STORED : null;
    };

    @Test
    void linesUpToTheLimitShouldPass() {
        limit.onLine(session, LINE, next);
        limit.onLine(session, LINE, next);

        assertThat(passed).hasSize(2);
        assertThat(limit.onMessage(session)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void linesPastTheLimitShouldBeDiscardedAndTheMessageRefused() {
        for (int i = 0; i < 5; i++) {
            assertThat(limit.onLine(session, LINE, next)).isNull();
        }

        assertThat(passed).hasSize(2);
        HookResult refused = limit.onMessage(session);
        assertThat(refused.getSmtpRetCode()).isEqualTo("552");
        assertThat(refused.getSmtpDescription()).startsWith("5.3.4 Message too big to accept unpaid: at "
            + "most 24 bytes");
        assertThat(ErrorLimitHandler.refused(session)).isEqualTo(1);
    }

    @Test
    void theEndOfDataShouldPassOnPastTheLimitSoThatJamesEndsTheTransaction() {
        for (int i = 0; i < 3; i++) {
            limit.onLine(session, LINE, next);
        }

        assertThat(limit.onLine(session, END, next)).isSameAs(STORED);
        assertThat(passed).hasSize(3);
    }

    @Test
    void aTransactionPaidWithAProofShouldPassUntouched() {
        session.setAttachment(Payment.KEY, Payment.proof("sha256", 4, 1), State.Transaction);
        for (int i = 0; i < 5; i++) {
            limit.onLine(session, LINE, next);
        }

        assertThat(passed).hasSize(5);
        assertThat(limit.onMessage(session)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aListedPartnersLinesShouldPassPastTheLimit() {
        session.setAttachment(Exemption.KEY, Exemption.partner(ProvedSender.of(
            OnionServiceKey.generate(new SecureRandom()).onion(), Fingerprint.of(new byte[] {1}))), State.Transaction);
        for (int i = 0; i < 5; i++) {
            limit.onLine(session, LINE, next);
        }

        assertThat(passed).hasSize(5);
        assertThat(limit.onMessage(session)).isEqualTo(HookResult.DECLINED);
    }
}
