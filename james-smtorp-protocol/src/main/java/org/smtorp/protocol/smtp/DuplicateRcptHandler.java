/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.List;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a RCPT for a mailbox that is already a recipient of the transaction, with
 * {@code 550 5.1.0}: the mailbox gets the mail once, so one hashcash stamp, which pays for a
 * mailbox, can not pay for N copies. Mailboxes compare as hashcash compares resources: ignoring
 * case, and {@code user@<fingerprint>.<onion>.onion} is {@code user@<onion>.onion}. As
 * smtpserver.xml names it: {@code <handler class="org.smtorp.protocol.smtp.DuplicateRcptHandler"/>}.
 *
 * <p>Permanent rather than {@code 452}: a client that retried a duplicate later would deliver a
 * second copy, which is what this refuses; the first RCPT was accepted, so the mail still arrives.
 */
public final class DuplicateRcptHandler implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(DuplicateRcptHandler.class);

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HandlerElements.of(DuplicateRcptHandler.class, config, Set.of());
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        String mailbox = HashcashStamps.mailbox(rcpt.asString());
        List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction)
            .orElse(List.of());
        for (MailAddress recipient : recipients) {
            if (HashcashStamps.mailbox(recipient.asString()).equals(mailbox)) {
                LOGGER.debug("Refused a duplicate RCPT");
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.deny())
                    .smtpReturnCode(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE)
                    .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.ADDRESS_OTHER)
                        + " Duplicate recipient: this mailbox is already a recipient of this mail, which it gets once")
                    .build();
            }
        }
        return HookResult.DECLINED;
    }
}
