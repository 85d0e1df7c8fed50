/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.Collection;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.sender.RelayedMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The onion listener's relay guard as smtpserver.xml names it, before James's own
 * handlers:
 * <pre>
 * &lt;handler class="org.smtorp.protocol.smtp.NoRelayRcptHandler"/&gt;
 * </pre>
 * The server identity (smtorp.properties {@code identity.directory}, injected by the SMTorP
 * extension's Guice module, which this listener needs) says which recipients are ours: its
 * onion and key fingerprint. The policy is {@link NoRelayRcptHook}'s; this class asks James's
 * DomainList for its local domains. A former {@code <identityDirectory>} element is checked
 * by {@link MovedIdentityDirectory}.
 *
 * <p>Optional: this listener as another SMTorP server's sending relay (SPEC section 4), for the
 * servers listed, each as {@code <fingerprint>.<onion>.onion} with its key's full fingerprint:
 * <pre>
 * &lt;handler class="org.smtorp.protocol.smtp.NoRelayRcptHandler"&gt;
 *     &lt;relayFor&gt;FINGERPRINT.ONION.onion, FINGERPRINT2.ONION2.onion&lt;/relayFor&gt;
 * &lt;/handler&gt;
 * </pre>
 * A client that proved one of those keys and onions with XONION on its connection may then give
 * recipients at other onions (never at other domains), for mail whose reverse path is {@code <>}
 * or at that very onion ({@link RelayedMail}); James's session then allows relaying for that
 * transaction (the next MAIL FROM takes it back), so the mail reaches the relay processor, marked
 * {@value RelayedMail#ATTRIBUTE} so that it is never handed to a sending relay again. Without the
 * element nobody may relay ({@link RelayPermission}).
 */
public final class NoRelayRcptHandler implements CommandHandler<SMTPSession>, RcptHook, MailHook, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(NoRelayRcptHandler.class);
    private static final Collection<String> COMMANDS = Set.of("RCPT");
    static final String RELAY_FOR = "relayFor";

    private final DomainList domainList;
    private final ServerIdentity identity;
    private final FileSystem fileSystem;
    private final RecipientClassifier classifier;
    // Built again by init() with the configured <relayFor>; until then it relays for nobody.
    private volatile NoRelayRcptHook hook;

    /** James's GuiceProtocolHandlerLoader builds handlers with the injector: the identity is the extension's. */
    @Inject
    public NoRelayRcptHandler(DomainList domainList, ServerIdentity identity, FileSystem fileSystem) {
        this.domainList = domainList;
        this.identity = identity;
        this.fileSystem = fileSystem;
        this.classifier = new RecipientClassifier(identity.onion(), identity.fingerprint(), this::isLocalDomain);
        this.hook = new NoRelayRcptHook(classifier);
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HandlerElements elements = HandlerElements.of(NoRelayRcptHandler.class, config,
            Set.of(MovedIdentityDirectory.ELEMENT, RELAY_FOR));
        MovedIdentityDirectory.check(elements, identity, fileSystem);
        RelayPermission relayFor;
        try {
            relayFor = elements.text(RELAY_FOR).map(RelayPermission::parse).orElse(RelayPermission.NOBODY);
        } catch (IllegalArgumentException e) {
            throw elements.failure("<" + RELAY_FOR + ">: " + e.getMessage());
        }
        hook = new NoRelayRcptHook(classifier, relayFor);
        LOGGER.info("Onion listener takes mail for {} (with or without its fingerprint) and James's local domains; {}",
            identity.onion().asString(), relayFor);
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
        return hook.onRcptCommand(session, request);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        return hook.doMail(session);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        hook.onMessage(session, mail);
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        return hook.doRcpt(session, sender, rcpt);
    }
}
