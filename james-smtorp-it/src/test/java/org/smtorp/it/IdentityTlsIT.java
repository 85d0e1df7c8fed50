/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.Directories;
import org.smtorp.lab.tor.OnionHost;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * An identity made by {@code smtorp init} works whole: James serves its TLS key store with
 * the fingerprint our addresses carry, and tor serves its onion from its key files, so a
 * client that knows only the address reaches the right server and can check its key.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class IdentityTlsIT {
    private static final int SMTP = 25;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final ServerIdentity IDENTITY = createIdentity();

    @RegisterExtension
    static JamesServerExtension james = JamesServerExtension.withSmtorp(IDENTITY.domain().asString())
        .withPort("smtps")
        .configuredWith(conf -> conf
            .confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf", "implicit-tls"))
            .value("keystore", IDENTITY.keyStoreFile().toAbsolutePath())
            .value("secret", new String(IDENTITY.keyStorePassword())));

    @Test
    void jamesShouldServeTheIdentitysCertificateOverImplicitTls() throws Exception {
        try (SSLSocket socket = connect()) {
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];

            assertThat(Fingerprint.of(served)).isEqualTo(IDENTITY.fingerprint());
        }
    }

    @Test
    void jamesShouldGreetWithTheOnionDomainOverTls() throws Exception {
        try (SSLSocket socket = connect()) {
            String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();

            assertThat(greeting).startsWith("220 " + IDENTITY.domain().asString());
        }
    }

    @Test
    void torShouldServeTheIdentitysOnionToTheServerWithTheAddressFingerprint(TorNetwork network) throws Exception {
        OnionHost host = network.onionHost();
        OnionService service = host.publishDirectory(IDENTITY.hiddenServiceDir().path(), SMTP, james.port("smtps"));
        try {
            assertThat(service.onion()).isEqualTo(IDENTITY.onion());
            host.awaitUploaded(service, PATIENCE);
            Socket throughTor = OnionClient.open(network.socksAddress(), IDENTITY.onion(), SMTP, PATIENCE);
            try (SSLSocket socket = handshake(throughTor)) {
                X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];

                assertThat(IDENTITY.domain().fingerprint()).hasValueSatisfying(pin ->
                    assertThat(pin.matches(served)).isTrue());
            }
        } finally {
            host.unpublish(service);
        }
    }

    private static SSLSocket connect() throws Exception {
        return handshake(new Socket(InetAddress.getLoopbackAddress(), james.port("smtps")));
    }

    private static SSLSocket handshake(Socket plain) throws Exception {
        return AnyCertificateTls.handshake(plain, IDENTITY.onion().asString());
    }

    private static ServerIdentity createIdentity() {
        try {
            Path dir = IntegrationEnvironment.workDir().resolve("IdentityTlsIT-identity");
            Directories.deleteRecursively(dir);
            return ServerIdentity.create(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
