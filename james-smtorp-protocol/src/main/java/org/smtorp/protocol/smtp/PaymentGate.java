/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.Mail;
import org.smtorp.protocol.dkim.DkimResult;
import org.smtorp.protocol.dkim.DkimVerification;
import org.smtorp.protocol.pow.hashcash.HashcashAlgorithm;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every mail pay, one way or the other: an accepted XPOW proof (which caps the
 * RCPTs of its transaction) or, when hashcash is offered, a valid {@code X-Hashcash}
 * stamp for each recipient. Before a proof, a transaction gets only a few RCPTs: stamps
 * are seen only after DATA, and each RCPT answered costs us a look-up. DATA without a proof is refused at once unless stamps
 * can still pay; the stamps are checked when the message has arrived, the one place
 * they can be seen, and a paid mail carries the {@value Payment#ATTRIBUTE} attribute.
 * The message check holds whatever way a message comes in, BDAT included.
 *
 * <p>Senders the operator lists pay nothing ({@link SenderExemptions}): a partner that proved its
 * listed key with XONION from RCPT on, and a message with a verified DKIM signature of a listed
 * domain at the end of DATA, like stamps and within the same unpaid size limit. A mail accepted so
 * carries the {@value Exemption#ATTRIBUTE} attribute instead.
 */
final class PaymentGate {
    private static final Logger LOGGER = LoggerFactory.getLogger(PaymentGate.class);

    private static final String PAYMENT_REQUIRED = DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER);
    /**
     * One line for the operator of the sending server, who reads it in a bounce: what it can do.
     * An MTA that can not pay (Postfix, Exim) has only the second way.
     */
    static final String NO_PROOF = "Proof of work required: send XPOW before MAIL FROM (see the EHLO reply),"
        + " or ask this server's operator to list your onion (proved with XONION) or your DKIM domain";
    private static final Response PROOF_REQUIRED = new SMTPResponse(SMTPRetCode.AUTH_REQUIRED,
        PAYMENT_REQUIRED + " " + NO_PROOF).immutable();

    private final AlgorithmRegistry registry;
    private final Optional<HashcashStamps> stamps;
    private final int maxUnpaidRecipients;
    private final SenderExemptions exemptions;
    private final DkimVerification dkim;

    /**
     * @param stamps              present exactly when the registry offers hashcash
     * @param maxUnpaidRecipients the RCPTs a transaction may have without an accepted proof
     * @param exemptions          the senders that need no proof
     * @param dkim                verifies signatures when {@code exemptions} lists DKIM domains
     */
    PaymentGate(AlgorithmRegistry registry, Optional<HashcashStamps> stamps, int maxUnpaidRecipients,
                SenderExemptions exemptions, DkimVerification dkim) {
        this.registry = requireNonNull(registry, "registry");
        this.stamps = requireNonNull(stamps, "stamps");
        this.maxUnpaidRecipients = maxUnpaidRecipients;
        this.exemptions = requireNonNull(exemptions, "exemptions");
        this.dkim = requireNonNull(dkim, "dkim");
        if (maxUnpaidRecipients < 1) {
            throw new IllegalArgumentException("maxUnpaidRecipients must be at least 1: " + maxUnpaidRecipients);
        }
        if (stamps.isPresent() != registry.algorithm(HashcashAlgorithm.NAME).isPresent()) {
            throw new IllegalArgumentException("stamps are checked exactly when hashcash is offered");
        }
    }

    /**
     * Refuses a RCPT beyond the count the transaction's proof declared, or, without a proof,
     * beyond {@code maxUnpaidRecipients}: {@code 452 4.5.3}, so a client sends the rest later
     * (RFC 5321 section 4.5.3.1.10).
     */
    HookResult onRcpt(SMTPSession session) {
        if (partner(session).isPresent()) {
            return HookResult.DECLINED; // James's own limits hold; a listed partner pays nothing.
        }
        OptionalInt declared = payment(session).map(Payment::recipients).orElse(OptionalInt.empty());
        if (declared.isPresent() && session.getRcptCount() >= declared.getAsInt()) {
            LOGGER.debug("Refused RCPT {} of a proof for {}", session.getRcptCount() + 1, declared.getAsInt());
            return tooManyRecipients("the proof of work covers " + declared.getAsInt()
                + "; send the others in another transaction");
        }
        if (payment(session).isEmpty() && session.getRcptCount() >= maxUnpaidRecipients) {
            LOGGER.debug("Refused RCPT {} without a proof of work", session.getRcptCount() + 1);
            return tooManyRecipients("at most " + maxUnpaidRecipients + " without a proof of work; send XPOW"
                + " before MAIL FROM to pay for more, or send the others in another transaction");
        }
        return HookResult.DECLINED;
    }

    private static HookResult tooManyRecipients(String text) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode(SMTPRetCode.SYSTEM_STORAGE_ERROR)
            .smtpDescription(DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.DELIVERY_TOO_MANY_REC)
                + " Too many recipients: " + text)
            .build();
    }

    /**
     * {@code 530 5.7.0} for DATA that nothing can pay for any more, nor exempt; null passes DATA on.
     * A listed partner's transaction is marked exempt here, so its message is not held to the unpaid
     * size limit.
     */
    Response onData(SMTPSession session) {
        boolean envelope = session.getAttachment(SMTPSession.SENDER, State.Transaction).isPresent()
            && session.getRcptCount() > 0;
        if (!envelope || payment(session).isPresent()) {
            return null; // James answers 503 without an envelope.
        }
        Optional<Exemption> partner = partner(session);
        if (partner.isPresent()) {
            session.setAttachment(Exemption.KEY, partner.get(), State.Transaction);
            return null;
        }
        if (stamps.isPresent() || exemptions.checksDkim()) {
            return null; // Stamps and DKIM signatures are checked with the message, within the unpaid size limit.
        }
        LOGGER.debug("Refused DATA without a proof of work");
        return PROOF_REQUIRED;
    }

    /** Checks the message's payment and marks the mail with it; declines (passes on) when paid. */
    HookResult onMessage(SMTPSession session, Mail mail) {
        Optional<Payment> proof = payment(session);
        if (proof.isPresent()) {
            mail.setAttribute(proof.get().asAttribute());
            return HookResult.DECLINED;
        }
        DkimResult signatures = partner(session).isPresent() ? DkimResult.NONE : signatures(mail);
        Optional<Exemption> exemption = partner(session).or(() -> exemptions.dkim(signatures));
        if (exemption.isPresent()) {
            LOGGER.info("Accepted a message without a proof of work: {}", exemption.get());
            mail.setAttribute(exemption.get().asAttribute());
            return HookResult.DECLINED;
        }
        Optional<String> unpaid = Optional.of(NO_PROOF);
        if (stamps.isPresent()) {
            int bits = registry.bits(HashcashAlgorithm.NAME);
            try {
                unpaid = stamps.get().pay(headers(mail), recipients(mail), bits);
            } catch (MessagingException e) {
                LOGGER.warn("Could not read the headers of a message to check its hashcash stamps", e);
                return deferred(DSNStatus.UNDEFINED_STATUS, "Could not read the message headers");
            }
            if (unpaid.isEmpty()) {
                mail.setAttribute(Payment.stamps(bits).asAttribute());
                return HookResult.DECLINED;
            }
        }
        if (signatures.kind() == DkimResult.Kind.TEMPERROR) {
            // Nothing else paid, and a listed domain's key may just not be reachable now: the sender retries.
            LOGGER.info("Deferred a message without a proof of work: a DKIM key could not be fetched");
            return deferred(DSNStatus.NETWORK_DIR_SERVER,
                "Could not fetch the DKIM key to verify the signature; try again later");
        }
        LOGGER.info("Refused a message without a proof of work or an exemption (DKIM: {}): {}", signatures,
            unpaid.get());
        ErrorLimitHandler.countRefusedMessage(session);
        return refused(unpaid.get());
    }

    // Before stamps: a signature of a listed domain spends none. Verified only when a domain is listed.
    private DkimResult signatures(Mail mail) {
        if (!exemptions.checksDkim()) {
            return DkimResult.NONE;
        }
        try {
            return dkim.verify(mail.getMessage());
        } catch (MessagingException e) {
            LOGGER.warn("Could not read a message to verify its DKIM signatures", e);
            return DkimResult.FAIL;
        }
    }

    private Optional<Exemption> partner(SMTPSession session) {
        return session.getAttachment(XonionHandler.PROVED, State.Connection).flatMap(exemptions::partner);
    }

    private static Optional<Payment> payment(SMTPSession session) {
        return session.getAttachment(Payment.KEY, State.Transaction);
    }

    private static List<String> headers(Mail mail) throws MessagingException {
        String[] values = mail.getMessage().getHeader(HashcashStamps.HEADER);
        return values == null ? List.of() : List.of(values);
    }

    private static List<String> recipients(Mail mail) {
        return mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.toList());
    }

    // 451 4.x.x: the sender keeps the message and tries again.
    private static HookResult deferred(String status, String text) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode(SMTPRetCode.LOCAL_ERROR)
            .smtpDescription(DSNStatus.getStatus(DSNStatus.TRANSIENT, status) + " " + text)
            .build();
    }

    private static HookResult refused(String text) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(SMTPRetCode.AUTH_REQUIRED)
            .smtpDescription(PAYMENT_REQUIRED + " " + text)
            .build();
    }
}
