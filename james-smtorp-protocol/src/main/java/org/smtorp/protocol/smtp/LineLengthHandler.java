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
 * Refuses a command line longer than RFC 5321 section 4.5.3.1.4 allows (512 octets with
 * CRLF) with {@code 500 5.5.2}, before any other handler reads its arguments; the session goes
 * on. As smtpserver.xml names it, right after RequireTlsHandler:
 * <pre>
 * &lt;handler class="org.smtorp.protocol.smtp.LineLengthHandler"&gt;
 *     &lt;maxLineLength&gt;512&lt;/maxLineLength&gt;
 * &lt;/handler&gt;
 * </pre>
 * James's frame decoder already cuts lines past {@value #JAMES_LINE_LIMIT} octets (it
 * discards them up to the next line end, reading only, and answers {@code 500 Line length
 * exceeded}); this handler closes the gap between the two. It answers for every verb the chain's
 * later command handlers take, unknown commands included. James hands a command handler the
 * trimmed line, so the length is that of the verb and its arguments plus CRLF: blanks at the ends
 * are not counted, and cost us nothing.
 */
public final class LineLengthHandler implements CommandHandler<SMTPSession>, ExtensibleHandler {
    static final String MAX_LINE_LENGTH = "maxLineLength";
    /** RFC 5321 section 4.5.3.1.4, CRLF included. */
    static final int RFC_5321_LIMIT = 512;
    /** AbstractChannelPipelineFactory.MAX_LINE_LENGTH: James refuses longer lines itself. */
    static final int JAMES_LINE_LIMIT = 8192;

    private static final Logger LOGGER = LoggerFactory.getLogger(LineLengthHandler.class);
    private static final int CRLF = 2;

    // Set once by init() and by the wiring, before the first session.
    private volatile int maxLineLength = RFC_5321_LIMIT;
    private volatile Optional<Set<String>> verbs = Optional.empty();

    @Override
    public void init(Configuration config) throws ConfigurationException {
        maxLineLength = HandlerElements.of(LineLengthHandler.class, config, Set.of(MAX_LINE_LENGTH))
            .wholeNumber(MAX_LINE_LENGTH, RFC_5321_LIMIT, RFC_5321_LIMIT, JAMES_LINE_LIMIT);
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
        Set<String> all = CommandVerbs.of(extensions, extension -> extension == this);
        verbs = Optional.of(Set.copyOf(all));
        LOGGER.debug("Command lines of {} limited to {} octets", all, maxLineLength);
    }

    @Override
    public Collection<String> getImplCommands() {
        // The CommandDispatcher asks once, when it is wired; the chain wires handlers in order.
        return verbs.orElseThrow(() -> new IllegalStateException(LineLengthHandler.class.getName()
            + " was asked for its commands before the chain was wired: list it before CoreCmdHandlerLoader"));
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        int length = lineLength(request.getCommand(), request.getArgument());
        if (length <= maxLineLength) {
            return null;
        }
        LOGGER.debug("Refused a command line of {} octets", length);
        return new SMTPResponse(SMTPRetCode.SYNTAX_ERROR_COMMAND_UNRECOGNIZED,
            DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_SYNTAX) + " Line too long: a command line"
                + " holds at most " + maxLineLength + " octets with CRLF (RFC 5321 section 4.5.3.1.4)");
    }

    /** The octets of {@code <command>[ <argument>]CRLF}, as the client sent them but for blanks at the ends. */
    static int lineLength(String command, String argument) {
        return command.length() + (argument == null ? 0 : 1 + argument.length()) + CRLF;
    }
}
