/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ExtensibleHandler;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses every command but EHLO, HELO, STARTTLS, NOOP, RSET and QUIT with
 * {@code 530 5.7.0} until TLS is up; under implicit TLS ({@code socketTLS}) it
 * always is. Goes first in the onion listener's handler chain.
 *
 * <p>James's CommandDispatcher calls the handlers of a verb in chain order and
 * stops at the first reply, so this handler answers before TLS and passes the
 * command on (returns null) after. It guards every verb that another handler of
 * the chain implements, learnt when the chain is wired, plus unknown verbs: a
 * verb added later (XPOW) is guarded without a change here, and no verb becomes
 * "known" with this handler alone, which would leave it unanswered after TLS.
 */
public final class RequireTlsHandler implements CommandHandler<SMTPSession>, ExtensibleHandler {
    static final Set<String> ALLOWED_BEFORE_TLS = Set.of("EHLO", "HELO", "STARTTLS", "NOOP", "RSET", "QUIT");

    private static final Logger LOGGER = LoggerFactory.getLogger(RequireTlsHandler.class);
    private static final Response TLS_REQUIRED = new SMTPResponse(SMTPRetCode.AUTH_REQUIRED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER) + " Must issue a STARTTLS command first")
        .immutable();

    // Set once, when James wires the chain, before the first session.
    private volatile Optional<Set<String>> guardedVerbs = Optional.empty();

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HandlerElements.of(RequireTlsHandler.class, config, Set.of());
    }

    @Override
    public List<Class<?>> getMarkerInterfaces() {
        return List.of(CommandHandler.class);
    }

    @Override
    public void wireExtensions(Class<?> interfaceName, List<?> extensions) throws WiringException {
        if (!CommandHandler.class.equals(interfaceName)) {
            return;
        }
        if (extensions.isEmpty() || extensions.get(0) != this) {
            throw new WiringException(RequireTlsHandler.class.getName() + " must be the first command handler of"
                + " the handlerchain: a handler before it would answer commands before TLS is up");
        }
        // LineLengthHandler answers for the others' verbs, and learns them only when wired, after this one.
        Set<String> verbs = CommandVerbs.of(extensions,
            extension -> extension == this || extension instanceof LineLengthHandler);
        verbs.removeAll(ALLOWED_BEFORE_TLS);
        guardedVerbs = Optional.of(Set.copyOf(verbs));
        LOGGER.debug("TLS required before {}", verbs);
    }

    @Override
    public Collection<String> getImplCommands() {
        // The CommandDispatcher asks once, when it is wired; the chain wires handlers in order.
        return guardedVerbs.orElseThrow(() -> new IllegalStateException(RequireTlsHandler.class.getName()
            + " was asked for its commands before the chain was wired: list it before CoreCmdHandlerLoader"));
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.isTLSStarted()) {
            return null;
        }
        LOGGER.debug("Refused {} before TLS", request.getCommand());
        return TLS_REQUIRED;
    }
}
