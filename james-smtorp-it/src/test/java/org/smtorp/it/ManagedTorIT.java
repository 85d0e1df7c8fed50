/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.extension.tor.OnionServiceDefenses;
import org.smtorp.lab.Directories;
import org.smtorp.lab.tor.ControlEndpoint;
import org.smtorp.lab.tor.TorExecutable;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

import net.freehaven.tor.control.TorControlConnection;

/**
 * A James that manages its own tor (tor.mode=managed), joined to the private network:
 * its onion is reachable from another client, WebAdmin and the health check say READY,
 * its descriptor offers tor's proof of work, a circuit that opens more streams than the
 * limit is closed, a killed tor is restarted and the service
 * returns, and stopping James leaves no tor.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagedTorIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration CIRCUIT_CLOSED_WITHIN = Duration.ofSeconds(10);
    private static final ServerIdentity IDENTITY = createIdentity();

    @RegisterExtension
    static JamesServerExtension james = JamesServerExtension.withSmtorp(IDENTITY.onion().asString())
        .withPort("socks")
        .withPort("webadmin")
        .configuredInContext((conf, context) -> conf
            .confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf", "managed-tor"))
            .value("identity", IDENTITY.directory().toAbsolutePath())
            .value("torBinary", TorExecutable.tor())
            .value("joinTorrc", PrivateTorNetworkExtension.network(context).joinTorrc().toAbsolutePath()));

    @Test
    @Order(1)
    void onionShouldBeReachableFromAnotherClient(TorNetwork network) throws IOException {
        try (OnionClient client = OnionClient.connect(network.socksAddress(), IDENTITY.onion(), 25, PATIENCE)) {
            assertThat(client.greeting()).startsWith("220 " + IDENTITY.onion().asString());
        }
    }

    // Tor's own defence is on by default: the descriptor our tor published asks clients for proof of work.
    @Test
    @Order(2)
    void publishedDescriptorShouldOfferProofOfWork(TorNetwork network) throws IOException {
        OnionDescriptor descriptor = OnionDescriptor.greetedThrough(network, IDENTITY.onion(), PATIENCE);

        assertThat(descriptor.powScheme()).as(descriptor.powParams().toString()).contains("v1");
    }

    // All streams of this client to one onion share its rendezvous circuit (same SOCKS isolation).
    @Test
    @Order(3)
    void aCircuitAskingForMoreStreamsThanTheLimitShouldBeClosed(TorNetwork network) throws IOException {
        List<OnionClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < OnionServiceDefenses.DEFAULT_MAX_STREAMS; i++) {
                streams.add(OnionClient.connect(network.socksAddress(), IDENTITY.onion(), 25, PATIENCE));
            }
            OnionClient first = streams.get(0);

            try {
                streams.add(OnionClient.connectOnce(network.socksAddress(), IDENTITY.onion(), 25));
            } catch (IOException refused) {
                // Tor may refuse the stream that went over the limit, or retry it on a new circuit.
            }

            assertThat(first.isClosedByPeerWithin(CIRCUIT_CLOSED_WITHIN)).isTrue();
        } finally {
            for (OnionClient stream : streams) {
                stream.close();
            }
        }
    }

    @Test
    @Order(4)
    void webAdminShouldSayReady() throws Exception {
        WebAdmin webAdmin = new WebAdmin(james.port("webadmin"));

        await().atMost(PATIENCE).untilAsserted(() ->
            assertThat(webAdmin.get("/smtorp/status").body()).contains("\"state\":\"READY\"")
                .contains("\"domain\":\"" + IDENTITY.domain().asString() + "\""));
    }

    @Test
    @Order(5)
    void healthCheckShouldReportTheOnionService() throws Exception {
        HttpResponse<String> health = new WebAdmin(james.port("webadmin")).get("/healthcheck");

        assertThat(health.body()).contains("SMTorP onion service");
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void webAdminShouldHandOutTheMailtoAddress() throws Exception {
        HttpResponse<String> address = new WebAdmin(james.port("webadmin")).get("/smtorp/address/alice?format=mailto");

        assertThat(address.body()).isEqualTo("mailto:alice@" + IDENTITY.domain().asString());
    }

    @Test
    @Order(7)
    void aKilledTorShouldBeRestartedAndTheServiceReturn(TorNetwork network) throws Exception {
        ProcessHandle tor = managedTor().orElseThrow();
        tor.destroy();
        await().atMost(Duration.ofSeconds(30)).until(() -> !tor.isAlive());

        await().atMost(PATIENCE).until(() -> managedTor().filter(restarted -> restarted.pid() != tor.pid()).isPresent());
        WebAdmin webAdmin = new WebAdmin(james.port("webadmin"));
        await().atMost(PATIENCE).untilAsserted(() ->
            assertThat(webAdmin.get("/smtorp/status").body()).contains("\"state\":\"READY\""));
        forgetCachedOnionState(network);
        try (OnionClient client = OnionClient.connect(network.socksAddress(), IDENTITY.onion(), 25, PATIENCE)) {
            assertThat(client.greeting()).startsWith("220 " + IDENTITY.onion().asString());
        }
    }

    @Test
    @Order(8)
    void stoppingJamesShouldLeaveNoTorBehind() {
        ProcessHandle tor = managedTor().orElseThrow();

        james.server().close();

        assertThat(tor.isAlive()).isFalse();
        assertThat(james.server().log()).contains("Removed onion service " + IDENTITY.onion());
    }

    // The sender's tor still holds the old descriptor, whose introduction points died with the
    // killed tor; it would refetch only after its own back-off. NEWNYM purges its client-side
    // onion state, so the test measures our restart, not that back-off.
    private static void forgetCachedOnionState(TorNetwork network) throws IOException {
        ControlEndpoint client = network.clientControl();
        try (Socket socket = new Socket()) {
            socket.connect(client.address(), 10_000);
            TorControlConnection control = new TorControlConnection(socket);
            control.launchThread(true);
            control.authenticate(Files.readAllBytes(client.cookieFile()));
            control.signal("NEWNYM");
        }
    }

    // Tor writes its PidFile at start and removes it at exit.
    private static Optional<ProcessHandle> managedTor() {
        Path pidFile = james.server().workingDirectory().resolve("var/smtorp/tor/tor.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static ServerIdentity createIdentity() {
        try {
            Path dir = IntegrationEnvironment.workDir().resolve("ManagedTorIT-identity");
            Directories.deleteRecursively(dir);
            return ServerIdentity.create(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
