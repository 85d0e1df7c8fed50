/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.lab.tor.OnionHost;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.HiddenServiceDir;
import org.smtorp.protocol.identity.OnionServiceKey;

/**
 * The private Tor network carries bytes to onion services its onion host publishes, both
 * ways the extension will publish them: {@code ADD_ONION} and a {@code HiddenServiceDir}.
 * Each test takes down what it publishes: the network is shared by the whole run.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class PrivateTorNetworkIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(PrivateTorNetworkIT.class);
    private static final int SMTP = 25;
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path folders;

    @Test
    void onionAddedOverTheControlPortShouldBeReachableThroughTheClient(TorNetwork network) throws Exception {
        OnionHost host = network.onionHost();
        try (GreetingServer server = GreetingServer.start("220 added.example ESMTP")) {
            Instant published = Instant.now();
            OnionService service = host.publish(SMTP, server.port());
            try {
                host.awaitUploaded(service, UPLOAD_TIMEOUT);
                assertRoundTrip(network, service, server, published);
            } finally {
                host.unpublish(service);
            }
        }
    }

    @Test
    void onionAddedWithAGivenKeyShouldBeTheOnionOfThatKey(TorNetwork network) throws Exception {
        OnionHost host = network.onionHost();
        OnionServiceKey key = OnionServiceKey.generate(RANDOM);
        try (GreetingServer server = GreetingServer.start("220 given-key.example ESMTP")) {
            Instant published = Instant.now();
            OnionService service = host.publish(key, SMTP, server.port());
            try {
                assertThat(service.onion()).isEqualTo(key.onion());
                host.awaitUploaded(service, UPLOAD_TIMEOUT);
                assertRoundTrip(network, service, server, published);
            } finally {
                host.unpublish(service);
            }
        }
    }

    @Test
    void onionOfAnEmptyHiddenServiceDirShouldBeReachableThroughTheClient(TorNetwork network) throws Exception {
        OnionHost host = network.onionHost();
        Path directory = folders.resolve("made-by-tor");
        try (GreetingServer server = GreetingServer.start("220 directory.example ESMTP")) {
            Instant published = Instant.now();
            OnionService service = host.publishDirectory(directory, SMTP, server.port());
            try {
                assertThat(HiddenServiceDir.at(directory).read().onion()).isEqualTo(service.onion());
                host.awaitUploaded(service, UPLOAD_TIMEOUT);
                assertRoundTrip(network, service, server, published);
            } finally {
                host.unpublish(service);
            }
        }
    }

    @Test
    void hiddenServiceDirWithGivenKeysShouldServeTheOnionOfThoseKeys(TorNetwork network) throws Exception {
        OnionHost host = network.onionHost();
        OnionServiceKey key = OnionServiceKey.generate(RANDOM);
        Path directory = folders.resolve("given-keys");
        HiddenServiceDir.at(directory).write(key);
        try (GreetingServer server = GreetingServer.start("220 given-keys.example ESMTP")) {
            Instant published = Instant.now();
            OnionService service = host.publishDirectory(directory, SMTP, server.port());
            try {
                assertThat(service.onion()).isEqualTo(key.onion());
                host.awaitUploaded(service, UPLOAD_TIMEOUT);
                assertRoundTrip(network, service, server, published);
            } finally {
                host.unpublish(service);
            }
        }
    }

    // SETCONF replaces every HiddenServiceDir line, so the host must send the earlier ones again.
    @Test
    void publishingAnotherDirectoryShouldKeepEarlierServicesReachable(TorNetwork network) throws Exception {
        OnionHost host = network.onionHost();
        try (GreetingServer added = GreetingServer.start("220 added-first.example ESMTP");
             GreetingServer first = GreetingServer.start("220 first-directory.example ESMTP");
             GreetingServer second = GreetingServer.start("220 second-directory.example ESMTP")) {
            Instant published = Instant.now();
            OnionService addedService = host.publish(SMTP, added.port());
            OnionService firstService = host.publishDirectory(folders.resolve("first"), SMTP, first.port());
            try {
                host.awaitUploaded(addedService, UPLOAD_TIMEOUT);
                host.awaitUploaded(firstService, UPLOAD_TIMEOUT);
                OnionService secondService = host.publishDirectory(folders.resolve("second"), SMTP, second.port());
                try {
                    host.awaitUploaded(secondService, UPLOAD_TIMEOUT);
                    assertRoundTrip(network, addedService, added, published);
                    assertRoundTrip(network, firstService, first, published);
                    assertRoundTrip(network, secondService, second, published);
                } finally {
                    host.unpublish(secondService);
                }
            } finally {
                host.unpublish(addedService);
                host.unpublish(firstService);
            }
        }
    }

    // ExtendedErrors: the mailets tell an onion that is not online from other failures by these replies.
    @Test
    void onionThatIsNotPublishedShouldBeRefusedWithAnOnionSocksReply(TorNetwork network) {
        OnionServiceKey neverPublished = OnionServiceKey.generate(RANDOM);

        assertThatThrownBy(() -> OnionClient.connectOnce(network.socksAddress(), neverPublished.onion(), SMTP).close())
            .isInstanceOf(IOException.class)
            .hasMessageStartingWith("SOCKS reply 0xF0 (onion service descriptor not found)");
    }

    private static void assertRoundTrip(TorNetwork network, OnionService service, GreetingServer server,
                                        Instant published) throws IOException {
        try (OnionClient client = OnionClient.connect(network.socksAddress(), service.onion(), service.virtualPort(),
            PATIENCE)) {
            Instant reached = Instant.now();
            LOGGER.info("{} reachable through SOCKS {} ms after publishing, {} ms after the network's launch",
                service.hostname(), Duration.between(published, reached).toMillis(),
                Duration.between(network.timings().launched(), reached).toMillis());
            assertThat(client.greeting()).isEqualTo(server.greeting());
            assertThat(client.exchange("EHLO client.example")).isEqualTo("EHLO client.example");
        }
    }
}
