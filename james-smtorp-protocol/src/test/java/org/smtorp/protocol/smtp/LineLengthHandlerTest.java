/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.identity.ServerIdentity;

class LineLengthHandlerTest {
    private final LineLengthHandler handler = new LineLengthHandler();
    private final SMTPSession session = TestSessions.underTls();

    @BeforeEach
    void wire(@TempDir Path workingDirectory) throws Exception {
        handler.init(configuration());
        XonionHandler xonion = new XonionHandler(ServerIdentity.create(workingDirectory.resolve("identity")),
            TestFileSystem.at(workingDirectory));
        handler.wireExtensions(CommandHandler.class, List.of(handler, xonion));
    }

    private static BaseHierarchicalConfiguration configuration(String... maxLineLength) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@class]", LineLengthHandler.class.getName());
        for (String value : maxLineLength) {
            configuration.addProperty(LineLengthHandler.MAX_LINE_LENGTH, value);
        }
        return configuration;
    }

    private static String argumentFilling(String command, int lineLength) {
        return "x".repeat(lineLength - command.length() - 1 - 2);
    }

    @Test
    void itShouldAnswerForTheVerbsOfTheOtherCommandHandlers() {
        assertThat(handler.getImplCommands()).containsExactly("XONION");
    }

    @Test
    void aLineOf512OctetsShouldPass() {
        assertThat(handler.onCommand(session, new BaseRequest("RCPT", argumentFilling("RCPT", 512)))).isNull();
    }

    @Test
    void aLineOf513OctetsShouldGet500Dot5Dot5Dot2() {
        Response refused = handler.onCommand(session, new BaseRequest("RCPT", argumentFilling("RCPT", 513)));

        assertThat(refused.getLines()).containsExactly("500 5.5.2 Line too long: a command line holds at most 512"
            + " octets with CRLF (RFC 5321 section 4.5.3.1.4)");
        assertThat(refused.isEndSession()).isFalse();
    }

    @Test
    void aLongCommandWithoutArgumentsShouldBeRefused() {
        assertThat(handler.onCommand(session, new BaseRequest("N".repeat(600), null))).isNotNull();
    }

    @Test
    void lineLengthShouldCountTheVerbTheSpaceTheArgumentAndCrlf() {
        assertThat(LineLengthHandler.lineLength("NOOP", null)).isEqualTo(6);
        assertThat(LineLengthHandler.lineLength("RCPT", "TO:<a@b>")).isEqualTo(15);
    }

    @Test
    void initShouldRefuseALimitBelowRfc5321s() {
        assertThatThrownBy(() -> handler.init(configuration("100")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("must be a whole number from 512 to 8192");
    }
}
