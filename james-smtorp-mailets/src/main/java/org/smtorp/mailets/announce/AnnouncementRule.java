/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.jdkim.api.SignatureRecord;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.dkim.DkimResult;
import org.smtorp.protocol.dkim.DkimVerification;

/**
 * When an incoming {@code SMTorP-Address} may be recorded (docs/announce.md). Exactly one
 * such field, a valid SMTorP address, exactly one From field with one address, and one of:
 * <ul>
 * <li><b>SMTorP</b>: the connection proved (XONION) the TLS key of onion O; From and the
 * envelope sender are at O; the header names the From mailbox at O, with a fingerprint
 * (if any) that starts the proved key's. The caller must still see O serve that key through
 * tor: the proof alone binds the key to the connection, not to O.</li>
 * <li><b>DKIM</b>: one signature that verified (its own record, never a text about it) has
 * {@code d=} equal to the From domain D (strict alignment), no {@code l=} body length, and
 * lists both {@code From} and {@code SMTorP-Address} in {@code h=} at least as often as the
 * message has them (once each): DKIM signs a header name's occurrences from the bottom up, so
 * a field added above the signed one would not be covered.</li>
 * </ul>
 * Nothing else counts: not the connection's source (always 127.0.0.1 behind tor), not the
 * HELO name, not a header the sender wrote about itself, not a signature that did not verify.
 */
final class AnnouncementRule {
    private static final String FROM = "from";

    private AnnouncementRule() {
    }

    static AnnouncementVerdict judge(Announcement mail) {
        if (mail.headers().isEmpty()) {
            return AnnouncementVerdict.NONE;
        }
        if (mail.headers().size() > 1) {
            return AnnouncementVerdict.refused(mail.headers().size() + " SMTorP-Address fields; one at most counts");
        }
        SmtorpAddress announced;
        try {
            announced = SmtorpAddressHeader.parse(mail.headers().get(0));
        } catch (InvalidAddressException e) {
            return AnnouncementVerdict.refused("SMTorP-Address is not an SMTorP address (" + e.reason() + ")");
        }
        if (mail.fromFields() != 1) {
            return AnnouncementVerdict.refused("the message has " + mail.fromFields() + " From fields, not one");
        }
        if (mail.from().size() != 1) {
            return AnnouncementVerdict.refused("the message has " + mail.from().size() + " From addresses, not one");
        }
        MailAddress from;
        try {
            from = new MailAddress(mail.from().get(0));
        } catch (AddressException e) {
            return AnnouncementVerdict.refused("the From address is not a mail address");
        }
        Optional<ProvedSender> proved = provedSender(mail);
        if (proved.isPresent() && isAt(from, proved.get())) {
            return bySmtorp(mail, announced, from, proved.get());
        }
        if (mail.dkim().kind() != DkimResult.Kind.NONE) {
            return byDkim(mail, announced, from);
        }
        return AnnouncementVerdict.refused(proved
            .map(p -> "From @" + from.getDomain().asString() + " is not at the onion that proved its key ("
                + p.onion().asString() + ") and it has no DKIM signature")
            .orElse("not authenticated: it did not arrive over SMTorP with a proved key (XONION), and it has no "
                + "DKIM signature for @" + from.getDomain().asString()));
    }

    private static Optional<ProvedSender> provedSender(Announcement mail) {
        try {
            return mail.provedSender().map(ProvedSender::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isAt(MailAddress address, ProvedSender proved) {
        try {
            return SmtorpDomain.parse(address.getDomain().asString()).onion().equals(proved.onion());
        } catch (InvalidAddressException e) {
            return false;
        }
    }

    private static AnnouncementVerdict bySmtorp(Announcement mail, SmtorpAddress announced, MailAddress from,
                                                ProvedSender proved) {
        String onion = proved.onion().asString();
        if (!announced.onion().equals(proved.onion())) {
            return AnnouncementVerdict.refused("SMTorP-Address names " + announced.onion().asString()
                + ", not the onion that proved its key (" + onion + ")");
        }
        if (announced.domain().fingerprint().filter(f -> !f.isPrefixOf(proved.key())).isPresent()) {
            return AnnouncementVerdict.refused("the fingerprint in SMTorP-Address is not that of the key " + onion
                + " proved (" + proved.key().abbreviate(80).asString() + "...)");
        }
        if (mail.envelopeSender().filter(sender -> isAt(sender, proved)).isEmpty()) {
            return AnnouncementVerdict.refused("the envelope sender is not at " + onion);
        }
        if (!announced.localPart().equalsIgnoreCase(from.getLocalPart())) {
            return AnnouncementVerdict.refused("SMTorP-Address names another mailbox at " + onion + " than From");
        }
        MailAddress key;
        try {
            key = new MailAddress(from.getLocalPart(), onion);
        } catch (AddressException e) {
            return AnnouncementVerdict.refused("the From local part is no mail address at " + onion);
        }
        return AnnouncementVerdict.bySmtorp(key, announced, proved, "arrived over SMTorP from " + onion
            + " with its key " + proved.key().abbreviate(80).asString() + " proved");
    }

    private static AnnouncementVerdict byDkim(Announcement mail, SmtorpAddress announced, MailAddress from) {
        String domain = lower(from.getDomain().asString());
        DkimResult dkim = mail.dkim();
        if (dkim.kind() == DkimResult.Kind.TEMPERROR) {
            return AnnouncementVerdict.refused("no DKIM signature verified (a key could not be fetched for now) and it "
                + "did not arrive over SMTorP with a proved key");
        }
        if (dkim.kind() == DkimResult.Kind.POLICY) {
            return AnnouncementVerdict.refused("more than " + DkimVerification.MAX_SIGNATURES + " DKIM signatures, "
                + "none verified, and it did not arrive over SMTorP with a proved key");
        }
        if (dkim.kind() != DkimResult.Kind.PASS) {
            return AnnouncementVerdict.refused("no DKIM signature verified and it did not arrive over SMTorP with a "
                + "proved key");
        }
        List<SignatureRecord> ofDomain = passing(dkim.passed(), signature -> lower(signature.getDToken())
            .equals(domain));
        if (ofDomain.isEmpty()) {
            return AnnouncementVerdict.refused("no verified DKIM signature of the From domain " + domain + " (d="
                + domain + ")");
        }
        List<SignatureRecord> whole = passing(ofDomain, signature -> signature.getBodyHashLimit() < 0);
        if (whole.isEmpty()) {
            return AnnouncementVerdict.refused("the verified DKIM signature of " + domain + " signs only the first l= "
                + "octets of the body: anything may follow them");
        }
        List<SignatureRecord> covering = passing(whole, signature -> covers(signature, FROM, mail.fromFields())
            && covers(signature, SmtorpAddressHeader.DKIM_NAME, mail.headers().size()));
        if (covering.isEmpty()) {
            return AnnouncementVerdict.refused("no verified DKIM signature of " + domain + " covers both From and "
                + "SMTorP-Address in its h= list");
        }
        return AnnouncementVerdict.byDkim(from, announced, "DKIM signature of " + domain + " verified, covering From "
            + "and SMTorP-Address");
    }

    private static List<SignatureRecord> passing(List<SignatureRecord> signatures, Predicate<SignatureRecord> test) {
        return signatures.stream().filter(test).collect(Collectors.toList());
    }

    // h= names each occurrence it signs, counted from the bottom; fewer names than fields leave
    // the upper fields unsigned, and a reader may take any of them.
    private static boolean covers(SignatureRecord signature, String name, int occurrences) {
        long listed = signature.getHeaders().stream().map(AnnouncementRule::lower).filter(name::equals).count();
        return listed >= occurrences;
    }

    private static String lower(CharSequence text) {
        return text.toString().trim().toLowerCase(Locale.ROOT);
    }
}
