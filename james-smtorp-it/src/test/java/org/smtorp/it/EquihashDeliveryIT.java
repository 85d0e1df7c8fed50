/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;

/**
 * The price list as shipped, end to end: a real James's OnionRemoteDelivery reaches, through
 * the private Tor network, an onion listener that is {@code conf/smtpserver-onion.xml} untouched
 * (equihash and argon2id offered at 7 bits each), and pays with equihash, the asymmetric
 * algorithm a sender prefers. The receiver's James says what paid, in the mail's attribute.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class EquihashDeliveryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ServerIdentity RECEIVER = IntegrationEnvironment.freshIdentity("EquihashDeliveryIT-receiver");
    private static final ServerIdentity SENDER = IntegrationEnvironment.freshIdentity("EquihashDeliveryIT-sender");
    private static final Path RESOURCES = Path.of(System.getProperty("smtorp.testResources"), "conf");
    private static final String BOB = "bob@" + RECEIVER.domain().withoutFingerprint().asString();

    @RegisterExtension
    static JamesServerExtension receiver = OnionListener.james(RECEIVER)
        .configuredWith(conf -> conf.confLayer(RESOURCES.resolve("onion-receiver")));

    @RegisterExtension
    static JamesServerExtension sender = OnionSender.james(SENDER)
        .configuredWith(conf -> conf
            // Many quick retries: the first lookup of a descriptor just uploaded may fail.
            .value("delayTime", "2 seconds")
            .value("maxRetries", 15));

    private static OnionService published;
    private static TorNetwork tor;

    @BeforeAll
    static void publishTheReceiver(TorNetwork network) throws Exception {
        new WebAdmin(receiver.port(OnionListener.WEBADMIN)).createUser(BOB, "bobs-password");
        tor = network;
        published = OnionListener.publish(network, RECEIVER, receiver, PATIENCE);
    }

    @AfterAll
    static void unpublish() {
        if (published != null) {
            tor.onionHost().unpublish(published);
        }
    }

    @Test
    void deliveryToTheShippedListenerShouldPayWithEquihash() throws Exception {
        String subject = LabMail.send(sender, "bob@" + RECEIVER.domain().asString());

        LabMail.awaitMail(receiver, subject, PATIENCE);
        int bits = AlgorithmRegistry.DEFAULT_EQUIHASH_BITS;
        assertThat(LabMail.attributesOf(receiver, subject)).contains("\"smtorp.pow\":\"equihash:" + bits + "\"");
        assertThat(sender.server().logFile()).content()
            .containsPattern("proof of work solved: equihash " + bits + " bits in \\d+ ms");
    }
}
