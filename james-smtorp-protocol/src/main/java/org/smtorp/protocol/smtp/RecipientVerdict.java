/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Domain;

/**
 * What the onion listener does with one recipient: accept it (perhaps at
 * another domain, where its mailbox lives) or refuse it for a {@link Reason}.
 */
final class RecipientVerdict {
    // A refused domain is attacker's text: keep log lines single-line and no longer than a domain.
    private static final int MAX_EVIDENCE = 255;

    /** Why a recipient is refused. */
    enum Reason {
        SYNTAX("not a valid forward-path"),
        SOURCE_ROUTE("source route"),
        PERCENT_HACK("'%' in the local part"),
        BANG_PATH("'!' in the local part"),
        QUOTED_LOCAL_PART("quoted local part holding '@' or '%'"),
        ADDRESS_LITERAL("address literal"),
        TRAILING_DOT("domain ends with '.'"),
        FOREIGN_FINGERPRINT("our onion under a label that is not our key's fingerprint"),
        FOREIGN_DOMAIN("domain is not local"),
        /** Another SMTorP server's onion: relayed only for a sender of {@code <relayFor>}. */
        FOREIGN_ONION("onion is not ours");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** For the SMTP reply and the log: the rule, never the address. */
        String description() {
            return description;
        }
    }

    private final Optional<Reason> refusal;
    private final String evidence;
    private final Optional<Domain> mailboxDomain;

    private RecipientVerdict(Optional<Reason> refusal, String evidence, Optional<Domain> mailboxDomain) {
        this.refusal = refusal;
        this.evidence = evidence;
        this.mailboxDomain = mailboxDomain;
    }

    /** Accepted as addressed. */
    static RecipientVerdict accept() {
        return new RecipientVerdict(Optional.empty(), "", Optional.empty());
    }

    /** Accepted; the mailbox is at {@code domain} (our onion, for an address that carries our fingerprint). */
    static RecipientVerdict acceptAt(Domain domain) {
        return new RecipientVerdict(Optional.empty(), "", Optional.of(requireNonNull(domain, "domain")));
    }

    /** Refused; {@code domain} is the domain as written, kept for the log. */
    static RecipientVerdict refuse(Reason reason, String domain) {
        return new RecipientVerdict(Optional.of(requireNonNull(reason, "reason")), printable(domain), Optional.empty());
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < MAX_EVIDENCE; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > MAX_EVIDENCE ? out.append("...").toString() : out.toString();
    }

    boolean isAccepted() {
        return refusal.isEmpty();
    }

    Optional<Reason> refusal() {
        return refusal;
    }

    /** The refused domain as written (printable ASCII, cut), or empty; for the log. */
    String evidence() {
        return evidence;
    }

    /** Where the accepted recipient's mailbox lives when that is not the domain it was addressed to. */
    Optional<Domain> mailboxDomain() {
        return mailboxDomain;
    }

    @Override
    public final boolean equals(Object o) {
        if (o instanceof RecipientVerdict) {
            RecipientVerdict that = (RecipientVerdict) o;
            return refusal.equals(that.refusal) && evidence.equals(that.evidence)
                && mailboxDomain.equals(that.mailboxDomain);
        }
        return false;
    }

    @Override
    public final int hashCode() {
        return Objects.hash(refusal, evidence, mailboxDomain);
    }

    @Override
    public String toString() {
        return refusal.map(reason -> "RecipientVerdict{refused: " + reason.description() + " (" + evidence + ")}")
            .orElseGet(() -> "RecipientVerdict{accepted" + mailboxDomain.map(d -> " at " + d.asString()).orElse("")
                + "}");
    }
}
