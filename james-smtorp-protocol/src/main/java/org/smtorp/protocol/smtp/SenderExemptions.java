/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.apache.james.jdkim.api.SignatureRecord;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.dkim.DkimResult;
import org.smtorp.protocol.dkim.SigningDomain;
import org.smtorp.protocol.sender.ProvedSender;

/**
 * The senders the operator lets mail without a proof of work (SPEC section 2): partner servers,
 * each listed as {@code <fingerprint>.<onion>.onion}, that proved their key with XONION; and
 * domains whose DKIM signature verified. Decided from typed values only: a {@link ProvedSender}
 * and the signature records jDKIM verified, never from a text about them.
 *
 * <p>A partner must be listed with its key's fingerprint (a prefix of at least
 * {@link Fingerprint#MIN_BITS} bits): an XONION proof shows which key the client holds and only
 * claims the onion; tor would have to be asked whether the onion serves that key. With the
 * fingerprint in the list, the proved key itself is what the operator trusts, and no look-up
 * through tor is needed before DATA.
 */
final class SenderExemptions {
    private static final SenderExemptions NONE = new SenderExemptions(Set.of(), Set.of(), Map.of());

    private final Set<SmtorpDomain> partners;
    private final Set<Domain> dkimDomains;
    private final Map<Domain, Set<String>> dkimSelectors;

    private SenderExemptions(Set<SmtorpDomain> partners, Set<Domain> dkimDomains,
                             Map<Domain, Set<String>> dkimSelectors) {
        this.partners = partners;
        this.dkimDomains = dkimDomains;
        this.dkimSelectors = dkimSelectors;
    }

    /** Nobody is exempt: the shipped default. */
    static SenderExemptions none() {
        return NONE;
    }

    /** @throws IllegalArgumentException for a partner listed without its key's fingerprint */
    static SenderExemptions of(Collection<SmtorpDomain> partners, Collection<Domain> dkimDomains) {
        return of(partners, dkimDomains, Map.of());
    }

    /**
     * As {@link #of(Collection, Collection)}, each domain of {@code dkimSelectors} verified only with
     * the selectors it maps to (the others with any).
     */
    static SenderExemptions of(Collection<SmtorpDomain> partners, Collection<Domain> dkimDomains,
                               Map<Domain, Set<String>> dkimSelectors) {
        for (SmtorpDomain partner : partners) {
            if (partner.fingerprint().isEmpty()) {
                throw new IllegalArgumentException("a partner onion is listed with its key's fingerprint,"
                    + " <fingerprint>.<onion>.onion, not " + partner.asString()
                    + ": XONION proves the key, not the onion");
            }
        }
        return new SenderExemptions(Set.copyOf(partners), Set.copyOf(dkimDomains), dkimSelectors.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> Set.copyOf(entry.getValue()))));
    }

    /** The domains whose verified DKIM signature exempts a message. */
    Set<Domain> dkimDomains() {
        return dkimDomains;
    }

    /** The selectors a listed domain's signature may name, for the domains the operator pinned. */
    Map<Domain, Set<String>> dkimSelectors() {
        return dkimSelectors;
    }

    /** Whether the end of DATA has to verify DKIM signatures: only when some domain is listed. */
    boolean checksDkim() {
        return !dkimDomains.isEmpty();
    }

    /** The exemption of a sender that proved its key with XONION, if the operator lists that onion and key. */
    Optional<Exemption> partner(ProvedSender sender) {
        requireNonNull(sender, "sender");
        return partners.stream()
            .filter(partner -> partner.onion().equals(sender.onion()))
            .filter(partner -> partner.fingerprint().orElseThrow().isPrefixOf(sender.key()))
            .findFirst()
            .map(partner -> Exemption.partner(sender));
    }

    /**
     * The exemption of a message whose signatures verified, if one of them is of a listed domain ({@code d=},
     * final dot or not).
     */
    Optional<Exemption> dkim(DkimResult result) {
        requireNonNull(result, "result");
        if (result.kind() != DkimResult.Kind.PASS) {
            return Optional.empty();
        }
        return result.passed().stream()
            .map(SignatureRecord::getDToken)
            .flatMap(token -> SigningDomain.of(token).stream())
            .filter(dkimDomains::contains)
            .findFirst()
            .map(Exemption::dkim);
    }

    @Override
    public String toString() {
        return "SenderExemptions{partners=" + partners.stream().map(SmtorpDomain::asString).sorted()
            .collect(Collectors.toList()) + ", dkimDomains=" + dkimDomains.stream().map(Domain::asString).sorted()
            .collect(Collectors.toList()) + (dkimSelectors.isEmpty() ? "" : ", dkimSelectors="
            + dkimSelectors.entrySet().stream().map(entry -> entry.getKey().asString() + "="
                + entry.getValue().stream().sorted().collect(Collectors.toList())).sorted().collect(Collectors.toList()))
            + "}";
    }
}
