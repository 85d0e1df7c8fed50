/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.protocol.address.Fingerprint;

/** The key store serves TLS as James would load it, to a client that pins the SPKI fingerprint. */
class TlsHandshakeTest {
    private static final int TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path temp;

    private final ExecutorService server = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopServer() {
        server.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aPinningClientShouldCompleteTheHandshake(String protocol) throws Exception {
        ServerIdentity identity = ServerIdentity.create(temp.resolve("identity"),
            ServerIdentity.IfExists.FAIL, new SecureRandom(), Clock.systemUTC());

        try (SSLServerSocket listener = (SSLServerSocket) serverContext(identity)
            .getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(TIMEOUT_MILLIS);
            Future<Integer> served = server.submit(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setSoTimeout(TIMEOUT_MILLIS);
                    int read = socket.getInputStream().read();
                    socket.getOutputStream().write(read + 1);
                    return read;
                }
            });
            try (SSLSocket client = (SSLSocket) pinningContext(identity.fingerprint().abbreviate(80))
                .getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.setSoTimeout(TIMEOUT_MILLIS);
                client.setEnabledProtocols(new String[] {protocol});
                client.getOutputStream().write(41);

                assertThat(client.getInputStream().read()).isEqualTo(42);
                assertThat(client.getSession().getProtocol()).isEqualTo(protocol);
            }
            assertThat(served.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(41);
        }
    }

    // As James loads smtpserver.xml's <keystore>, <keystoreType> and <secret>.
    private static SSLContext serverContext(ServerIdentity identity) throws Exception {
        char[] password = identity.keyStorePassword();
        KeyStore store = KeyStore.getInstance(TlsIdentity.KEY_STORE_TYPE);
        try (InputStream in = Files.newInputStream(identity.keyStoreFile())) {
            store.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext pinningContext(Fingerprint pin) throws Exception {
        X509TrustManager pinning = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("no client certificates here");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (!pin.matches(chain[0])) {
                    throw new CertificateException("pin mismatch");
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {pinning}, null);
        return context;
    }
}
