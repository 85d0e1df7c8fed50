/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorLimitHandlerTest {
    private static final LineHandler<SMTPSession> DISPATCHER = (session, line) -> null;
    private static final Response UNKNOWN_USER = new SMTPResponse("550", "5.1.1 Unknown user");
    private static final Response OK = new SMTPResponse("250", "2.1.5 Recipient OK");

    private final ErrorLimitHandler handler = new ErrorLimitHandler();
    private final SMTPSession session = TestSessions.underTls();

    @BeforeEach
    void limitToThree() throws Exception {
        handler.init(configuration("3"));
    }

    private static BaseHierarchicalConfiguration configuration(String maxErrors) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@class]", ErrorLimitHandler.class.getName());
        configuration.addProperty(ErrorLimitHandler.MAX_ERRORS, maxErrors);
        return configuration;
    }

    private Response reply(Response response) {
        return handler.onResponse(session, response, 0, DISPATCHER);
    }

    @Test
    void refusalsBelowTheLimitShouldPassUnchanged() {
        assertThat(reply(UNKNOWN_USER)).isSameAs(UNKNOWN_USER);
        assertThat(reply(new SMTPResponse("452", "4.5.3 Too many recipients"))).isNotNull()
            .matches(response -> !response.isEndSession());
    }

    @Test
    void theRefusalThatReachesTheLimitShouldBecome421AndClose() {
        reply(UNKNOWN_USER);
        reply(UNKNOWN_USER);

        Response closing = reply(UNKNOWN_USER);

        assertThat(closing.getLines()).containsExactly("421 4.7.0 Too many errors (3), closing connection");
        assertThat(closing.isEndSession()).isTrue();
    }

    @Test
    void acceptedCommandsShouldNotCount() {
        for (int i = 0; i < 10; i++) {
            reply(OK);
        }
        reply(UNKNOWN_USER);

        assertThat(reply(UNKNOWN_USER).isEndSession()).isFalse();
    }

    @Test
    void aCommandHandlersReplyInsideTheDispatcherShouldNotCountTwice() {
        CommandHandler<SMTPSession> commandHandler = new DuplicateRcptHandlerTest.NoCommands();
        for (int i = 0; i < 5; i++) {
            assertThat(handler.onResponse(session, UNKNOWN_USER, 0, commandHandler)).isSameAs(UNKNOWN_USER);
        }

        assertThat(reply(UNKNOWN_USER).isEndSession()).isFalse();
    }

    @Test
    void messagesRefusedUnpaidAtTheEndOfDataShouldCountAndCloseAtTheNextCommand() {
        reply(UNKNOWN_USER);
        ErrorLimitHandler.countRefusedMessage(session);
        ErrorLimitHandler.countRefusedMessage(session);

        Response closing = reply(OK); // the next MAIL FROM, accepted on its own

        assertThat(closing.getLines()).containsExactly("421 4.7.0 Too many errors (3), closing connection");
        assertThat(closing.isEndSession()).isTrue();
    }

    @Test
    void nullRepliesShouldPass() {
        assertThat(reply(null)).isNull();
    }

    @Test
    void initShouldRefuseZero() {
        assertThatThrownBy(() -> handler.init(configuration("0")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<maxErrors>0</maxErrors> must be a whole number from 1 to 1000");
    }
}
