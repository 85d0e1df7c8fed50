/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Mail that a sending relay (SPEC section 4) takes for another SMTorP server: the rule its
 * reverse path must meet, and the attribute that marks it once taken.
 *
 * <p>The reverse path is where the relay sends its bounces and DSNs, with the original attached,
 * from its own address. Were it free, a listed server could have the relay mail anyone, a legacy
 * address over clear net through James's RemoteDelivery included, or speak as the relay's own
 * users. So a relayed mail's reverse path is the null path or an address at the very onion the
 * client proved with XONION (bare, or with a prefix of the key it proved): its bounces go back
 * over Tor to the server that handed it over. The sender checks the same rule before it hands
 * mail to its relay, so that it pays no proof of work for a refusal.
 *
 * <p>The attribute {@value #ATTRIBUTE} ({@code <onion> <fingerprint>} of the server the mail was
 * relayed for, as {@link ProvedSender#asString()}) is set by the relay's onion listener on mail
 * that holds a relayed recipient: such mail is never handed to a sending relay again (two relays
 * that name each other would pass it back and forth for ever, each hop a fresh mail whose Received
 * lines are scrubbed), and never announced as a local user's.
 */
public final class RelayedMail {
    /** The mail attribute: a plain string, as {@link ProvedSender#ATTRIBUTE}. */
    public static final String ATTRIBUTE = "smtorp.relayedFor";

    private RelayedMail() {
    }

    /** Whether a relay may take mail with {@code reversePath} from the server that proved {@code sender}. */
    public static boolean allowsReversePath(MaybeSender reversePath, ProvedSender sender) {
        requireNonNull(reversePath, "reversePath");
        requireNonNull(sender, "sender");
        return reversePath.isNullSender() || reversePath.asOptional().filter(address -> isAt(address, sender)).isPresent();
    }

    private static boolean isAt(MailAddress address, ProvedSender sender) {
        Optional<SmtorpDomain> domain;
        try {
            domain = Optional.of(SmtorpDomain.parse(address.getDomain().asString()));
        } catch (InvalidAddressException e) {
            return false;
        }
        return domain.filter(at -> at.onion().equals(sender.onion())
            && at.fingerprint().map(prefix -> prefix.isPrefixOf(sender.key())).orElse(true)).isPresent();
    }

    /** The rule as a refusal states it, for a client that proved {@code sender}. */
    public static String rule(ProvedSender sender) {
        return "relayed mail must come from <> or from an address at " + sender.onion().asString()
            + ", the onion this connection proved";
    }
}
