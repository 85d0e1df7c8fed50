/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.sender.ProvedSender;

/**
 * What {@link AnnouncementRule} decided about a mail: nothing to record (no header), refused
 * (with a reason that names no local part), or authenticated: record {@code smtorpAddress}
 * for {@code address}, once tor confirmed the onion serves the proved key if there is one.
 */
final class AnnouncementVerdict {
    enum Kind { NONE, REFUSED, AUTHENTICATED }

    static final AnnouncementVerdict NONE = new AnnouncementVerdict(Kind.NONE, "no SMTorP-Address header",
        Optional.empty(), Optional.empty(), Optional.empty());

    private final Kind kind;
    private final String reason;
    private final Optional<MailAddress> address;
    private final Optional<SmtorpAddress> smtorpAddress;
    private final Optional<ProvedSender> onionToCheck;

    private AnnouncementVerdict(Kind kind, String reason, Optional<MailAddress> address,
                                Optional<SmtorpAddress> smtorpAddress, Optional<ProvedSender> onionToCheck) {
        this.kind = kind;
        this.reason = reason;
        this.address = address;
        this.smtorpAddress = smtorpAddress;
        this.onionToCheck = onionToCheck;
    }

    static AnnouncementVerdict refused(String reason) {
        return new AnnouncementVerdict(Kind.REFUSED, reason, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Authenticated by DKIM: nothing left to check. */
    static AnnouncementVerdict byDkim(MailAddress address, SmtorpAddress smtorpAddress, String evidence) {
        return new AnnouncementVerdict(Kind.AUTHENTICATED, evidence, Optional.of(address), Optional.of(smtorpAddress),
            Optional.empty());
    }

    /** Authenticated by an XONION proof, once the onion is seen to serve the proved key. */
    static AnnouncementVerdict bySmtorp(MailAddress address, SmtorpAddress smtorpAddress, ProvedSender proved,
                                        String evidence) {
        return new AnnouncementVerdict(Kind.AUTHENTICATED, evidence, Optional.of(address), Optional.of(smtorpAddress),
            Optional.of(proved));
    }

    Kind kind() {
        return kind;
    }

    /** Why it was refused, or the evidence of an authenticated one. */
    String reason() {
        return reason;
    }

    MailAddress address() {
        return address.orElseThrow(() -> new IllegalStateException("a " + kind + " verdict has no address"));
    }

    SmtorpAddress smtorpAddress() {
        return smtorpAddress.orElseThrow(() -> new IllegalStateException("a " + kind + " verdict has no address"));
    }

    /** The proved onion and key tor must still confirm, for an SMTorP-authenticated mail. */
    Optional<ProvedSender> onionToCheck() {
        return onionToCheck;
    }

    @Override
    public String toString() {
        return kind + ": " + reason;
    }
}
