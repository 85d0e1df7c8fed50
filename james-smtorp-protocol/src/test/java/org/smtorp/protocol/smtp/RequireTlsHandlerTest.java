/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.List;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.UnknownCommandHandler;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.junit.jupiter.api.Test;

class RequireTlsHandlerTest {
    private final RequireTlsHandler handler = new RequireTlsHandler();

    private static CommandHandler<SMTPSession> handling(String... verbs) {
        return new CommandHandler<>() {
            @Override
            public Response onCommand(SMTPSession session, Request request) {
                return null;
            }

            @Override
            public Collection<String> getImplCommands() {
                return List.of(verbs);
            }
        };
    }

    @Test
    void wireExtensionsShouldGuardEveryVerbOfTheChainButTheAllowedOnes() throws Exception {
        handler.wireExtensions(CommandHandler.class, List.of(handler,
            handling("EHLO", "HELO"), handling("MAIL"), handling("rcpt "), handling("STARTTLS"), handling("XPOW"),
            handling("NOOP", "RSET", "QUIT", "DATA"), handling(UnknownCommandHandler.COMMAND_IDENTIFIER)));

        assertThat(handler.getImplCommands())
            .containsExactlyInAnyOrder("MAIL", "RCPT", "XPOW", "DATA", UnknownCommandHandler.COMMAND_IDENTIFIER);
    }

    @Test
    void wireExtensionsShouldNotClaimVerbsNoOtherHandlerImplements() throws Exception {
        handler.wireExtensions(CommandHandler.class, List.of(handler, handling("MAIL")));

        assertThat(handler.getImplCommands()).containsExactly("MAIL");
    }

    @Test
    void wireExtensionsShouldFailWhenAnotherCommandHandlerComesFirst() {
        assertThatThrownBy(() -> handler.wireExtensions(CommandHandler.class, List.of(handling("MAIL"), handler)))
            .isInstanceOf(WiringException.class)
            .hasMessageContaining("must be the first command handler");
    }

    @Test
    void getImplCommandsShouldFailBeforeWiring() {
        assertThatThrownBy(handler::getImplCommands)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("before CoreCmdHandlerLoader");
    }

    @Test
    void initShouldRefuseAnyElement() {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("identityDirectory", "/x");

        assertThatThrownBy(() -> handler.init(configuration))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("known: none");
    }
}
