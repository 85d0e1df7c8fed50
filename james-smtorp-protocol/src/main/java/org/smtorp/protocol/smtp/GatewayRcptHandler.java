/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.util.Locale;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway listener's recipient rule (conf/smtpserver-gateway.xml), before James's own
 * handlers: only {@code .onion} recipients pass, to James's relay check and then to delivery over
 * Tor. A legacy recipient gets {@code 550 5.7.1} at RCPT, so the legacy MTA bounces it at once
 * with a reply its user can read, and it never reaches James's RemoteDelivery; a malformed onion
 * gets {@code 553 5.1.3}. As smtpserver.xml names it:
 * {@code <handler class="org.smtorp.protocol.smtp.GatewayRcptHandler"/>}.
 *
 * <p>It grants nothing: an onion recipient is passed on ({@code DECLINED}), and James's
 * {@code authorizedAddresses} and AUTH still decide whether this client may relay.
 */
public final class GatewayRcptHandler implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayRcptHandler.class);

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HandlerElements.of(GatewayRcptHandler.class, config, Set.of());
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        GatewayVerdict verdict = GatewayVerdict.of(rcpt.getDomain());
        switch (verdict.kind()) {
            case ONION:
                return HookResult.DECLINED;
            case LEGACY:
                LOGGER.info("Refused RCPT on the gateway listener: not an .onion recipient (domain {})",
                    rcpt.getDomain().asString());
                return refusal(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE,
                    DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH)
                        + " Relaying denied: this gateway only delivers to .onion recipients");
            case MALFORMED_ONION:
                String rule = verdict.malformation().map(reason -> reason.name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ')).orElse("syntax");
                LOGGER.info("Refused RCPT on the gateway listener: malformed onion ({})", rule);
                return refusal(SMTPRetCode.SYNTAX_ERROR_MAILBOX,
                    DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.ADDRESS_SYNTAX)
                        + " Not a valid onion address (" + rule + ")");
            default:
                throw new IllegalStateException("unknown gateway verdict " + verdict);
        }
    }

    private static HookResult refusal(String code, String description) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(code)
            .smtpDescription(description)
            .build();
    }
}
