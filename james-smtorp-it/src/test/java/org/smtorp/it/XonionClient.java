/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

import org.apache.commons.net.smtp.SMTPSClient;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.SenderProof;

/** The client's side of XONION (docs/announce.md) for tests that speak it to a real listener. */
final class XonionClient {
    private XonionClient() {
    }

    /** EHLO as {@code client}; the XONION challenge the listener offered. */
    static Challenge ehlo(SMTPSClient smtp, OnionAddress client) throws IOException {
        assertThat(smtp.sendCommand("EHLO", client.asString())).isEqualTo(250);
        String line = Arrays.stream(smtp.getReplyStrings()).filter(reply -> reply.startsWith("250-XONION "))
            .findFirst().orElseThrow(() -> new AssertionError("no XONION offer in " + smtp.getReplyString()));
        return Challenge.parse(line.substring("250-XONION ".length()).trim());
    }

    /** A proof that {@code claimed} holds {@code signer}'s TLS key, for {@code receiver}'s session {@code challenge}. */
    static SenderProof proof(Challenge challenge, OnionAddress receiver, OnionAddress claimed, ServerIdentity signer) {
        return SenderProof.sign(challenge, receiver, claimed, signer.tls().certificate().getPublicKey(),
            signer.tls().privateKey());
    }
}
