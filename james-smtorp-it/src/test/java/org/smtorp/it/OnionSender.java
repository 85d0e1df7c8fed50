/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.smtorp.protocol.address.SmtorpDomain;
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
    private static final Path LAYER = Path.of(System.getProperty("smtorp.testResources"), "conf", "onion-sender");
    private static final String MAILETS = "mailetcontainer.xml";
    private static final String MAX_RETRIES = "<maxRetries>{{maxRetries}}</maxRetries>";

    private OnionSender() {
    }

    /**
     * The same James, its OnionRemoteDelivery handing onion mail to {@code relay} once direct
     * delivery has kept failing for {@code after}: the conf layer's mailet with the two init
     * parameters docs/delivery.md describes.
     */
    static JamesServerExtension jamesWithSendingRelay(ServerIdentity identity, SmtorpDomain relay, String after) {
        String mailets = OnionListener.replaceOnce("onion-sender's " + MAILETS, layerFile(MAILETS), MAX_RETRIES,
            MAX_RETRIES + "<sendingRelay>" + relay.asString() + "</sendingRelay>"
                + "<sendingRelayAfter>" + after + "</sendingRelayAfter>");
        return james(identity).configuredWith(conf -> conf.confFile(MAILETS, mailets));
    }

    private static String layerFile(String name) {
        try {
            return Files.readString(LAYER.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JamesServerExtension james(ServerIdentity identity) {
        return JamesServerExtension.withSmtorp(identity.domain().withoutFingerprint().asString())
            .withPort(WEBADMIN)
            .configuredWith(conf -> conf
                .confLayer(LAYER)
                .value("identity", identity.directory().toAbsolutePath()))
            .configuredInContext((conf, context) -> conf
                .value("socksPort", PrivateTorNetworkExtension.network(context).socksAddress().getPort()));
    }
}
