/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.mail.internet.AddressException;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.tagvalue.SignatureRecordImpl;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.sender.ProvedSender;

/**
 * When an incoming {@code SMTorP-Address} may be recorded (docs/announce.md). Exactly one
 * field, a valid SMTorP address, one From address, and one of:
 * <ul>
 * <li><b>SMTorP</b>: the connection proved (XONION) the TLS key of onion O; From and the
 * envelope sender are at O; the header names the From mailbox at O, with a fingerprint
 * (if any) that starts the proved key's. The caller must still see O serve that key through
 * tor: the proof alone binds the key to the connection, not to O.</li>
 * <li><b>DKIM</b>: James's DKIMVerify passed a signature of the From domain D itself
 * ({@code d=D}), and every signature with {@code d=D} covers {@code SMTorP-Address} in its
 * {@code h=} list, so no unsigned copy of the field can ride on a signature of D.</li>
 * </ul>
 * Nothing else counts: not the connection's source (always 127.0.0.1 behind tor), not the
 * HELO name, not a header the sender wrote about itself.
 */
final class AnnouncementRule {
    private static final Pattern PASSED_IDENTITY = Pattern.compile("\\(identity ([^)]*)\\)");

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
        if (mail.dkimResult().isPresent()) {
            return byDkim(mail, announced, from);
        }
        return AnnouncementVerdict.refused(proved
            .map(p -> "From @" + from.getDomain().asString() + " is not at the onion that proved its key ("
                + p.onion().asString() + ") and no DKIM result")
            .orElse("not authenticated: it did not arrive over SMTorP with a proved key (XONION), and James did "
                + "not verify DKIM for @" + from.getDomain().asString()));
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
        String domain = from.getDomain().asString();
        String result = mail.dkimResult().orElseThrow();
        if (!result.startsWith("pass")) {
            return AnnouncementVerdict.refused("DKIM did not pass (" + firstWord(result) + ") and it did not arrive "
                + "over SMTorP with a proved key");
        }
        List<SignatureRecord> ofDomain = signaturesOf(mail.dkimSignatures(), domain);
        Set<String> passed = passedIdentities(result);
        if (ofDomain.stream().noneMatch(signature -> passed.contains(lower(signature.getIdentity())))) {
            return AnnouncementVerdict.refused("no DKIM signature of the From domain " + domain + " (d=" + domain
                + ") passed");
        }
        if (!ofDomain.stream().allMatch(AnnouncementRule::coversTheHeader)) {
            return AnnouncementVerdict.refused("a DKIM signature of " + domain + " does not cover SMTorP-Address "
                + "in its h= list");
        }
        return AnnouncementVerdict.byDkim(from, announced, "DKIM pass for " + domain + " covering SMTorP-Address");
    }

    private static List<SignatureRecord> signaturesOf(List<String> fields, String domain) {
        List<SignatureRecord> signatures = new ArrayList<>();
        for (String field : fields) {
            try {
                SignatureRecord signature = new SignatureRecordImpl(MimeUtility.unfold(field));
                signature.validate();
                if (lower(signature.getDToken()).equals(lower(domain))) {
                    signatures.add(signature);
                }
            } catch (RuntimeException e) {
                // A malformed signature cannot have passed; it neither helps nor hides anything.
            }
        }
        return signatures;
    }

    private static Set<String> passedIdentities(String result) {
        Set<String> identities = new TreeSet<>();
        Matcher matcher = PASSED_IDENTITY.matcher(result);
        while (matcher.find()) {
            identities.add(lower(matcher.group(1).trim()));
        }
        return identities;
    }

    private static boolean coversTheHeader(SignatureRecord signature) {
        return signature.getHeaders().stream().map(AnnouncementRule::lower)
            .collect(Collectors.toSet()).contains(SmtorpAddressHeader.DKIM_NAME);
    }

    private static String firstWord(String text) {
        String trimmed = text.trim();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }

    private static String lower(CharSequence text) {
        return text.toString().trim().toLowerCase(Locale.ROOT);
    }
}
