/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.nio.file.Path;

import org.smtorp.protocol.identity.ServerIdentity;

/**
 * A James that sends over Tor: conf layer {@code onion-sender} (local mail and bounces to
 * {@code var/mail/inbox}, {@code .onion} recipients through OnionRemoteDelivery), for the
 * identity's onion domain, proving it with the identity's key, through the private Tor
 * network's SOCKS port, with WebAdmin on loopback. Tests give the retry schedule: the values
 * {@code delayTime} and {@code maxRetries}.
 */
final class OnionSender {
    static final String WEBADMIN = "webadmin";

    private OnionSender() {
    }

    static JamesServerExtension james(ServerIdentity identity) {
        return JamesServerExtension.withSmtorp(identity.domain().withoutFingerprint().asString())
            .withPort(WEBADMIN)
            .configuredWith(conf -> conf
                .confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf", "onion-sender"))
                .value("identity", identity.directory().toAbsolutePath()))
            .configuredInContext((conf, context) -> conf
                .value("socksPort", PrivateTorNetworkExtension.network(context).socksAddress().getPort()));
    }
}
