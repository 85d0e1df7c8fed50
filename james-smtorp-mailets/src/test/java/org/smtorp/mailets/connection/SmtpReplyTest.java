/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import nl.jqno.equalsverifier.EqualsVerifier;

class SmtpReplyTest {
    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(SmtpReply.class).withNonnullFields("lines").verify();
    }

    @Test
    void fiveHundredsShouldBePermanentFailures() {
        assertThat(SmtpReply.of(550, List.of("5.7.1 no")).isPermanentFailure()).isTrue();
        assertThat(SmtpReply.of(451, List.of("later")).isPermanentFailure()).isFalse();
    }
}
