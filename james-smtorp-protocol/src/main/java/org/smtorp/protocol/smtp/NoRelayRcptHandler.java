/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.smtorp.protocol.identity.ServerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The onion listener's relay guard as smtpserver.xml names it, before James's own
 * handlers:
 * <pre>
 * &lt;handler class="org.smtorp.protocol.smtp.NoRelayRcptHandler"&gt;
 *     &lt;identityDirectory&gt;/var/lib/smtorp/identity&lt;/identityDirectory&gt;
 * &lt;/handler&gt;
 * </pre>
 * {@code identityDirectory} holds the server identity of {@code smtorp init}: its
 * onion and key fingerprint say which recipients are ours. The policy is
 * {@link NoRelayRcptHook}'s; this class reads the settings and asks James's
 * DomainList for its local domains.
 */
public final class NoRelayRcptHandler implements CommandHandler<SMTPSession>, RcptHook {
    static final String IDENTITY_DIRECTORY = "identityDirectory";

    private static final Logger LOGGER = LoggerFactory.getLogger(NoRelayRcptHandler.class);
    private static final Collection<String> COMMANDS = Set.of("RCPT");

    private final DomainList domainList;
    // Set once by init(), before the first session.
    private volatile Optional<NoRelayRcptHook> hook = Optional.empty();

    @Inject
    public NoRelayRcptHandler(DomainList domainList) {
        this.domainList = domainList;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        ServerIdentity identity = HandlerElements.of(NoRelayRcptHandler.class, config, Set.of(IDENTITY_DIRECTORY))
            .identity(IDENTITY_DIRECTORY);
        hook = Optional.of(new NoRelayRcptHook(
            new RecipientClassifier(identity.onion(), identity.fingerprint(), this::isLocalDomain)));
        LOGGER.info("Onion listener takes mail for {} (with or without its fingerprint) and James's local domains",
            identity.onion().asString());
    }

    // As James's AuthRequiredToRelayRcptHook does: a DomainList failure refuses rather than relays.
    private boolean isLocalDomain(Domain domain) {
        try {
            return domainList.containsDomain(domain);
        } catch (DomainListException e) {
            LOGGER.warn("Could not ask the DomainList about a recipient domain; refusing it", e);
            return false;
        }
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        return hook().onRcptCommand(session, request);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        return hook().doRcpt(session, sender, rcpt);
    }

    private NoRelayRcptHook hook() {
        return hook.orElseThrow(() -> new IllegalStateException(NoRelayRcptHandler.class.getName()
            + " was used before init"));
    }
}
