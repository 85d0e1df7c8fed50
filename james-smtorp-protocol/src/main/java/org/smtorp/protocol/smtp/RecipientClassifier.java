/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.james.core.Domain;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.smtp.RecipientVerdict.Reason;

/**
 * The onion listener's relay policy: a recipient is accepted only when its
 * mailbox is here, that is at our onion (bare, or with any valid prefix of our
 * key's fingerprint) or at one of James's local domains. Every other form,
 * including each classic way of smuggling a remote address into a local one,
 * is refused. Whether the user exists is James's {@code ValidRcptHandler}'s
 * business, not this policy's.
 */
final class RecipientClassifier {
    private static final String POSTMASTER = "postmaster";

    private final OnionAddress onion;
    private final Fingerprint fingerprint;
    private final Predicate<Domain> localDomains;

    /**
     * @param fingerprint our key's full fingerprint
     * @param localDomains James's local domains; our onion counts as local without it
     */
    RecipientClassifier(OnionAddress onion, Fingerprint fingerprint, Predicate<Domain> localDomains) {
        this.onion = requireNonNull(onion, "onion");
        this.fingerprint = requireNonNull(fingerprint, "fingerprint");
        this.localDomains = requireNonNull(localDomains, "localDomains");
        if (!fingerprint.isFull()) {
            throw new IllegalArgumentException("our own fingerprint must be full, not " + fingerprint);
        }
    }

    /** Judges the forward-path of an RCPT command, as written after {@code TO:}. */
    RecipientVerdict classify(String forwardPath) {
        Optional<ForwardPath> parsed = ForwardPath.parse(forwardPath);
        if (parsed.isEmpty()) {
            return RecipientVerdict.refuse(Reason.SYNTAX, "");
        }
        ForwardPath path = parsed.get();
        if (path.hasSourceRoute()) {
            return RecipientVerdict.refuse(Reason.SOURCE_ROUTE, "");
        }
        if (path.domain().isEmpty()) {
            // RFC 5321 4.1.1.3: RCPT TO:<Postmaster> is the only path without a domain.
            return path.localPart().equalsIgnoreCase(POSTMASTER) && !path.isQuoted()
                ? RecipientVerdict.accept()
                : RecipientVerdict.refuse(Reason.SYNTAX, "");
        }
        String domain = path.domain().get();
        Optional<Reason> localPartTrick = localPartTrick(path);
        if (localPartTrick.isPresent()) {
            return RecipientVerdict.refuse(localPartTrick.get(), domain);
        }
        if (domain.startsWith("[") || ForwardPath.isDottedNumbers(domain)) {
            return RecipientVerdict.refuse(Reason.ADDRESS_LITERAL, domain);
        }
        if (domain.endsWith(".")) {
            return RecipientVerdict.refuse(Reason.TRAILING_DOT, domain);
        }
        if (!ForwardPath.isDomainName(domain)) {
            return RecipientVerdict.refuse(Reason.SYNTAX, domain);
        }
        return classifyDomain(domain.toLowerCase(Locale.ROOT));
    }

    private static Optional<Reason> localPartTrick(ForwardPath path) {
        String localPart = path.localPart();
        if (path.isQuoted() && (localPart.indexOf('@') >= 0 || localPart.indexOf('%') >= 0)) {
            return Optional.of(Reason.QUOTED_LOCAL_PART);
        }
        if (localPart.indexOf('%') >= 0) {
            return Optional.of(Reason.PERCENT_HACK);
        }
        if (localPart.indexOf('!') >= 0) {
            return Optional.of(Reason.BANG_PATH);
        }
        return Optional.empty();
    }

    private RecipientVerdict classifyDomain(String domain) {
        String[] labels = domain.split("\\.");
        boolean underOurOnion = labels.length >= 2
            && labels[labels.length - 1].equals(OnionAddress.TLD)
            && labels[labels.length - 2].equals(onion.serviceId());
        if (underOurOnion) {
            return classifyOurs(labels, domain);
        }
        if (localDomains.test(Domain.of(domain))) {
            return RecipientVerdict.accept();
        }
        return RecipientVerdict.refuse(isSmtorpDomain(domain) ? Reason.FOREIGN_ONION : Reason.FOREIGN_DOMAIN, domain);
    }

    // [<fingerprint>.]<onion>.onion: tor hands any sub-domain of our onion to us, so each must be judged.
    private RecipientVerdict classifyOurs(String[] labels, String domain) {
        if (labels.length == 2) {
            return RecipientVerdict.accept();
        }
        if (labels.length == 3 && isPrefixOfOurs(labels[0])) {
            return RecipientVerdict.acceptAt(Domain.of(onion.asString()));
        }
        return RecipientVerdict.refuse(Reason.FOREIGN_FINGERPRINT, domain);
    }

    // A well-formed [<fingerprint>.]<onion>.onion: the only kind of foreign domain a relay may take.
    private static boolean isSmtorpDomain(String domain) {
        try {
            SmtorpDomain.parse(domain);
            return true;
        } catch (InvalidAddressException e) {
            return false;
        }
    }

    private boolean isPrefixOfOurs(String label) {
        try {
            return Fingerprint.parse(label).isPrefixOf(fingerprint);
        } catch (InvalidAddressException e) {
            return false;
        }
    }
}
