/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import static java.util.Objects.requireNonNull;

import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.SenderProof;

/**
 * Our side of XONION: signs a receiver's challenge with our TLS key, so that the receiver
 * can believe mail from our onion came from us (docs/announce.md).
 */
public final class XonionProver {
    private final ServerIdentity identity;

    private XonionProver(ServerIdentity identity) {
        this.identity = identity;
    }

    public static XonionProver of(ServerIdentity identity) {
        return new XonionProver(requireNonNull(identity, "identity"));
    }

    SenderProof prove(Challenge challenge, OnionAddress receiver) {
        return SenderProof.sign(challenge, receiver, identity.onion(), identity.tls().certificate().getPublicKey(),
            identity.tls().privateKey());
    }

    @Override
    public String toString() {
        return "XonionProver for " + identity.onion().asString();
    }
}
