/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.sender.RelayedMail;

/**
 * The onion listener's relay guard. Every connection through tor comes from
 * 127.0.0.1, so nothing here asks whether the client may relay: only recipients
 * whose mailbox is here pass, whatever James's session thinks.
 *
 * <p>It acts twice on each RCPT. As a command handler before James's own, it
 * judges the raw forward-path, since James's parser would turn a source route
 * into a syntax error and drop an address literal's brackets; a refusal is
 * answered and logged once. As the first RCPT hook, it sees James's parsed
 * recipient: an address that carries our fingerprint is rewritten to our bare
 * onion, so the later hooks (ValidRcptHandler's user check, the relay check)
 * and delivery all see the mailbox {@code user@<onion>.onion}, which James
 * knows. The parsed form is judged again, in case the two parsers disagree.
 */
final class NoRelayRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(NoRelayRcptHook.class);
    private static final String TO = "TO";
    /** Set when this hook allowed relaying on the session, so that the next MAIL FROM takes it back. */
    private static final AttachmentKey<Boolean> RELAYING_GRANTED = AttachmentKey.of("smtorp.relay.granted",
        Boolean.class);
    /** The server this transaction relays for, for the mail's {@link RelayedMail#ATTRIBUTE}. */
    private static final AttachmentKey<ProvedSender> RELAYED_FOR = AttachmentKey.of("smtorp.relay.for",
        ProvedSender.class);

    private final RecipientClassifier classifier;
    private final RelayPermission relayFor;

    NoRelayRcptHook(RecipientClassifier classifier) {
        this(classifier, RelayPermission.NOBODY);
    }

    /** @param relayFor the senders whose mail to other onions we relay (SPEC 4, the sending relay) */
    NoRelayRcptHook(RecipientClassifier classifier, RelayPermission relayFor) {
        this.classifier = requireNonNull(classifier, "classifier");
        this.relayFor = requireNonNull(relayFor, "relayFor");
    }

    // Another onion, for a client that proved a key of <relayFor> on this connection: relayed.
    // Nothing else is (no legacy domain, no malformed onion, no trick in the local part).
    private boolean relays(SMTPSession session, RecipientVerdict verdict) {
        return verdict.refusal().filter(reason -> reason == RecipientVerdict.Reason.FOREIGN_ONION).isPresent()
            && relayFor.allows(XonionHandler.provedSender(session));
    }

    /** Judges {@code RCPT TO:<path>} before James parses it; null passes the command on to James. */
    Response onRcptCommand(SMTPSession session, Request request) {
        if (session.getAttachment(SMTPSession.SENDER, State.Transaction).isEmpty()) {
            return null; // James answers 503: no MAIL yet.
        }
        Optional<String> path = forwardPath(request.getArgument());
        if (path.isEmpty()) {
            return null; // James answers 501: not "TO:".
        }
        RecipientVerdict verdict = classifier.classify(path.get());
        if (relays(session, verdict)) {
            return null;
        }
        return verdict.refusal()
            .map(reason -> refusal(reason, verdict.evidence()))
            .orElse(null);
    }

    // As James's RcptCmdHandler splits it: "TO" before the first ':', the path after.
    private static Optional<String> forwardPath(String argument) {
        if (argument == null) {
            return Optional.empty();
        }
        int colon = argument.indexOf(':');
        if (colon <= 0 || !argument.substring(0, colon).toUpperCase(Locale.US).equals(TO)) {
            return Optional.empty();
        }
        return Optional.of(argument.substring(colon + 1));
    }

    private static Response refusal(RecipientVerdict.Reason reason, String domain) {
        LOGGER.info("Refused RCPT on the onion listener: {}{}", reason.description(),
            domain.isEmpty() ? "" : " (domain " + domain + ")");
        if (reason == RecipientVerdict.Reason.SYNTAX) {
            return new SMTPResponse(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS,
                DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.ADDRESS_SYNTAX)
                    + " Syntax error in recipient address");
        }
        return new SMTPResponse(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE, relayingDenied(reason));
    }

    private static String relayingDenied(RecipientVerdict.Reason reason) {
        return DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH) + " Relaying denied: "
            + reason.description();
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        RecipientVerdict verdict = classifier.classify("<" + rcpt.asString() + ">");
        if (relays(session, verdict)) {
            return relay(session, sender, verdict);
        }
        if (verdict.refusal().isPresent()) {
            RecipientVerdict.Reason reason = verdict.refusal().get();
            LOGGER.info("Refused RCPT on the onion listener after parsing: {} (domain {})",
                reason.description(), verdict.evidence());
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE)
                .smtpDescription(relayingDenied(reason))
                .build();
        }
        verdict.mailboxDomain()
            .filter(domain -> !domain.equals(rcpt.getDomain()))
            .ifPresent(domain -> deliverAt(session, rcpt, domain));
        return HookResult.DECLINED;
    }

    // Only for the reverse paths RelayedMail allows: the relay's bounces go back to the proved
    // server's onion over Tor, never to an address of the client's choosing.
    private static HookResult relay(SMTPSession session, MaybeSender sender, RecipientVerdict verdict) {
        ProvedSender proved = XonionHandler.provedSender(session).orElseThrow();
        if (!RelayedMail.allowsReversePath(sender, proved)) {
            LOGGER.info("Refused relaying to {} for {}: the reverse path is at {}", verdict.evidence(), proved,
                sender.asOptional().map(address -> address.getDomain().asString()).orElse("no domain"));
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE)
                .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH)
                    + " Relaying denied: " + RelayedMail.rule(proved))
                .build();
        }
        // James's relay check (AuthRequiredToRelayRcptHook) and its SMTPIsAuthNetwork matcher read
        // this flag: the mail goes on to the relay processor, where OnionRemoteDelivery takes it.
        // James keeps it for the connection; doMail clears it, so it holds for this transaction only.
        session.setRelayingAllowed(true);
        session.setAttachment(RELAYING_GRANTED, Boolean.TRUE, State.Connection);
        session.setAttachment(RELAYED_FOR, proved, State.Transaction);
        LOGGER.debug("Relaying to {} for {}", verdict.evidence(), proved);
        return HookResult.DECLINED;
    }

    /**
     * A new transaction starts with no relaying: the flag a relayed recipient set in an earlier one
     * (James never clears it, not at RSET, not after DATA) is taken back. Only ours: a session
     * allowed to relay for any other reason keeps its flag.
     */
    HookResult doMail(SMTPSession session) {
        if (session.getAttachment(RELAYING_GRANTED, State.Connection).isPresent()) {
            session.setRelayingAllowed(false);
            session.removeAttachment(RELAYING_GRANTED, State.Connection);
        }
        return HookResult.DECLINED;
    }

    /** Marks a mail with a relayed recipient ({@link RelayedMail#ATTRIBUTE}): it is never relayed again. */
    void onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(RELAYED_FOR, State.Transaction).ifPresent(proved ->
            mail.setAttribute(new Attribute(AttributeName.of(RelayedMail.ATTRIBUTE), AttributeValue.of(proved.asString()))));
    }

    // RcptCmdHandler reads CURRENT_RECIPIENT afresh for each later hook and for the recipient list.
    private static void deliverAt(SMTPSession session, MailAddress rcpt, Domain domain) {
        try {
            MailAddress mailbox = new MailAddress(rcpt.getLocalPart() + "@" + domain.asString());
            session.setAttachment(RcptCmdHandler.CURRENT_RECIPIENT, mailbox, State.Transaction);
            LOGGER.debug("Recipient at our fingerprint delivered to {}", mailbox.getDomain().asString());
        } catch (AddressException e) {
            // The classifier accepted the local part, and James parsed it: this can not happen.
            throw new IllegalStateException("could not move a recipient to " + domain.asString(), e);
        }
    }
}
