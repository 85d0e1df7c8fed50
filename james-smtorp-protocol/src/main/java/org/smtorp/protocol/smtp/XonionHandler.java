/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.InvalidSenderProofException;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.sender.SenderProof;

/**
 * Lets a delivering SMTorP server prove which TLS key it holds (docs/announce.md), as
 * smtpserver.xml names it on the onion listener:
 * <pre>
 * &lt;handler class="org.smtorp.protocol.smtp.XonionHandler"/&gt;
 * </pre>
 * A proof names the onion it is meant for: ours, from the server identity the SMTorP extension
 * injects (smtorp.properties {@code identity.directory}); a former {@code <identityDirectory>}
 * element is checked by {@link MovedIdentityDirectory}.
 * EHLO under TLS offers {@code XONION <challenge>}; {@code XONION <onion> <key> <signature>}
 * before MAIL FROM proves the key for the rest of the connection, and each mail that follows
 * carries the attribute {@value ProvedSender#ATTRIBUTE}. A failed proof refuses no mail: the
 * mail is just not authenticated; but it counts toward the connection's {@link FailedProofs}
 * together with XPOW's, since each costs us a signature check. Only EC P-256 keys are taken,
 * checked before any signature work. Tor tells a service nothing about who connects, so this
 * is the only way the listener learns it.
 */
public final class XonionHandler implements CommandHandler<SMTPSession>, EhloExtension, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(XonionHandler.class);
    private static final Collection<String> COMMANDS = Set.of(SenderProof.KEYWORD);
    private static final AttachmentKey<Challenge> CHALLENGE = AttachmentKey.of("smtorp.xonion.challenge",
        Challenge.class);
    /** The key this connection proved, for its mails; PaymentGate reads it for the partner exemption. */
    static final AttachmentKey<ProvedSender> PROVED = AttachmentKey.of("smtorp.xonion.proved",
        ProvedSender.class);
    private static final AttributeName ATTRIBUTE = AttributeName.of(ProvedSender.ATTRIBUTE);

    private static final Response TLS_REQUIRED = new SMTPResponse(SMTPRetCode.AUTH_REQUIRED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER) + " XONION needs TLS").immutable();
    private static final Response EHLO_FIRST = badSequence("Send EHLO first (under TLS): it carries the challenge");
    private static final Response AFTER_MAIL = badSequence("XONION must come before MAIL FROM");
    private static final Response ALREADY_PROVED = badSequence("This connection has proved its key already");

    private final ServerIdentity identity;
    private final FileSystem fileSystem;
    private final SecureRandom random;

    /** James's GuiceProtocolHandlerLoader builds handlers with the injector: the identity is the extension's. */
    @Inject
    public XonionHandler(ServerIdentity identity, FileSystem fileSystem) {
        this(identity, fileSystem, new SecureRandom());
    }

    XonionHandler(ServerIdentity identity, FileSystem fileSystem, SecureRandom random) {
        this.identity = identity;
        this.fileSystem = fileSystem;
        this.random = random;
    }

    private static Response badSequence(String text) {
        return new SMTPResponse(SMTPRetCode.BAD_SEQUENCE,
            DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_CMD) + " " + text).immutable();
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HandlerElements elements = HandlerElements.of(XonionHandler.class, config,
            Set.of(MovedIdentityDirectory.ELEMENT));
        MovedIdentityDirectory.check(elements, identity, fileSystem);
        LOGGER.info("XONION lets delivering servers prove their TLS key to {}", identity.onion().asString());
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    /** A fresh challenge with each EHLO under TLS; a new EHLO also forgets an earlier proof. */
    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        if (!session.isTLSStarted()) {
            return List.of();
        }
        Challenge challenge = Challenge.random(random);
        session.setAttachment(CHALLENGE, challenge, State.Connection);
        session.removeAttachment(PROVED, State.Connection);
        return List.of(SenderProof.KEYWORD + " " + challenge.asString());
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (!session.isTLSStarted()) {
            return TLS_REQUIRED;
        }
        Optional<Challenge> challenge = session.getAttachment(CHALLENGE, State.Connection);
        if (challenge.isEmpty()) {
            return EHLO_FIRST;
        }
        if (session.getAttachment(SMTPSession.SENDER, State.Transaction).isPresent()) {
            return AFTER_MAIL;
        }
        if (session.getAttachment(PROVED, State.Connection).isPresent()) {
            return ALREADY_PROVED;
        }
        try {
            SenderProof proof = SenderProof.parse(request.getArgument());
            ProvedSender proved = proof.verify(challenge.get(), identity.onion());
            session.setAttachment(PROVED, proved, State.Connection);
            LOGGER.debug("XONION accepted: {}", proved);
            return reply(SMTPRetCode.MAIL_OK, DSNStatus.SUCCESS, DSNStatus.SECURITY_OTHER, proved
                + " proved; whether the onion serves that key is checked before anything is believed");
        } catch (InvalidSenderProofException e) {
            LOGGER.debug("XONION refused ({}): {}", e.reason(), e.getMessage());
            return FailedProofs.refuse(session, SenderProof.KEYWORD, refusal(e), FailedProofs.DEFAULT_LIMIT);
        }
    }

    // Typed: the reason, never the message, picks the reply (docs/announce.md).
    private static SMTPResponse refusal(InvalidSenderProofException e) {
        switch (e.reason()) {
            case MALFORMED:
                return reply(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS, DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG,
                    e.getMessage());
            case KEY_TYPE:
                return reply(SMTPRetCode.PARAMETER_NOT_IMPLEMENTED, DSNStatus.PERMANENT,
                    DSNStatus.DELIVERY_INVALID_ARG, e.getMessage());
            case SIGNATURE:
                return reply(SMTPRetCode.AUTH_FAILED, DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH, e.getMessage());
            default:
                throw new IllegalStateException("no reply for " + e.reason());
        }
    }

    /** What the client of this connection proved with XONION since its last EHLO, if anything. */
    static Optional<ProvedSender> provedSender(SMTPSession session) {
        return session.getAttachment(PROVED, State.Connection);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(PROVED, State.Connection).ifPresent(proved ->
            mail.setAttribute(new Attribute(ATTRIBUTE, AttributeValue.of(proved.asString()))));
        return HookResult.DECLINED;
    }

    private static SMTPResponse reply(String code, int type, String detail, String text) {
        return new SMTPResponse(code, DSNStatus.getStatus(type, detail) + " " + text);
    }
}
