/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.tor.ControlEndpoint;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * A James attached (tor.mode=attach) to the control port of the private network's onion
 * host, a tor it did not start: the service is published, with tor's proof of work, and
 * reachable from the network's client; when its control connection is killed (only that TCP connection, with
 * {@code ss -K}) the service is back within 10 s; when James stops the onion is removed
 * and the attached tor keeps running.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttachModeIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration BACK_WITHIN = Duration.ofSeconds(10);
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("AttachModeIT");

    @RegisterExtension
    static JamesServerExtension james = JamesServerExtension.withSmtorp(IDENTITY.onion().asString())
        .withPort("webadmin")
        .configuredInContext((conf, context) -> {
            ControlEndpoint control = PrivateTorNetworkExtension.network(context).onionHost().controlEndpoint();
            return conf
                .confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf", "managed-tor"))
                .confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf", "attach-tor"))
                .value("identity", IDENTITY.directory().toAbsolutePath())
                .value("controlPort", control.port())
                .value("cookieFile", control.cookieFile());
        });

    @Test
    @Order(1)
    void onionShouldBeReachableFromTheNetworksClient(TorNetwork network) throws IOException {
        try (OnionClient client = OnionClient.connect(network.socksAddress(), IDENTITY.onion(), 25, PATIENCE)) {
            assertThat(client.greeting()).startsWith("220 " + IDENTITY.onion().asString());
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(new WebAdmin(james.port("webadmin"))
            .get("/smtorp/status").body()).contains("\"state\":\"READY\"", "\"mode\":\"attach\""));
    }

    @Test
    @Order(2)
    void publishedDescriptorShouldOfferProofOfWork(TorNetwork network) throws IOException {
        OnionDescriptor descriptor = OnionDescriptor.greetedThrough(network, IDENTITY.onion(), PATIENCE);

        assertThat(descriptor.powScheme()).as(descriptor.powParams().toString()).contains("v1");
    }

    @Test
    @Order(3)
    void aKilledControlConnectionShouldBeBackWithinTenSeconds(TorNetwork network) throws Exception {
        ControlConnections connections = ControlConnections.of(network.onionHost().controlEndpoint().port());
        long pid = james.server().pid().orElseThrow();
        int before = countOf(james.server().log(), "RECONNECTING");

        Instant killed = connections.kill(pid);
        await().atMost(BACK_WITHIN).until(() -> countOf(james.server().log(), "RECONNECTING") > before);
        Duration left = BACK_WITHIN.minus(Duration.between(killed, Instant.now()));
        try (OnionClient client = OnionClient.connect(network.socksAddress(), IDENTITY.onion(), 25, left)) {
            assertThat(client.greeting()).startsWith("220 " + IDENTITY.onion().asString());
        }

        Duration back = Duration.between(killed, Instant.now());
        System.out.println("AttachModeIT: service reachable again " + back.toMillis() + " ms after its control"
            + " connection was killed");
        assertThat(back).isLessThanOrEqualTo(BACK_WITHIN);
        assertThat(connections.of(pid)).hasSize(1);
    }

    @Test
    @Order(4)
    void stoppingJamesShouldRemoveTheOnionAndLeaveTheAttachedTorRunning(TorNetwork network) throws Exception {
        james.server().close();

        assertThat(james.server().log()).contains("Removed onion service " + IDENTITY.onion());
        assertThat(ControlConnections.of(network.onionHost().controlEndpoint().port()).isListening()).isTrue();
    }

    private static int countOf(String text, String word) {
        return text.split(word, -1).length - 1;
    }
}
