/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static java.util.Objects.requireNonNull;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.smtorp.protocol.pow.xpow.Challenge;

/**
 * How far one connection's XPOW exchange has come: the challenge its last EHLO
 * under TLS offered and the transaction number the next proof must be made for
 * (docs/xpow.md section 2); its failed proofs are {@link FailedProofs}'. Immutable; the
 * session holds the current one in its connection state, so RSET and the end of
 * a mail keep it, and only an EHLO under TLS makes a challenge: whatever came
 * before STARTTLS never had one.
 */
final class XpowConnection {
    static final AttachmentKey<XpowConnection> KEY = AttachmentKey.of("smtorp.xpow.connection", XpowConnection.class);

    /** Before any EHLO under TLS. */
    static final XpowConnection NEW = new XpowConnection(Optional.empty(), 1);

    private final Optional<Challenge> challenge;
    private final int transaction;

    private XpowConnection(Optional<Challenge> challenge, int transaction) {
        this.challenge = challenge;
        this.transaction = transaction;
    }

    /**
     * After an EHLO that offered {@code fresh}: transactions count from 1 again. Failed
     * proofs are counted elsewhere, per connection, so a new EHLO buys an attacker no tries.
     */
    XpowConnection withChallenge(Challenge fresh) {
        return new XpowConnection(Optional.of(requireNonNull(fresh, "fresh")), 1);
    }

    /** After an accepted proof: the next proof is for the next transaction; refused ones do not count. */
    XpowConnection afterAcceptedProof() {
        return new XpowConnection(challenge, transaction + 1);
    }

    /** The challenge of the last EHLO under TLS; empty before one. */
    Optional<Challenge> challenge() {
        return challenge;
    }

    /** The transaction number the next proof binds: 1, then one more per accepted proof. */
    int transaction() {
        return transaction;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof XpowConnection)) {
            return false;
        }
        XpowConnection that = (XpowConnection) o;
        return challenge.equals(that.challenge) && transaction == that.transaction;
    }

    @Override
    public final int hashCode() {
        return Objects.hash(challenge, transaction);
    }

    @Override
    public String toString() {
        return "XpowConnection{challenge=" + challenge.map(Challenge::asString).orElse("none") + ", transaction="
            + transaction + "}";
    }
}
