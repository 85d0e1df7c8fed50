/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS on top of a connected socket that accepts whatever certificate the server shows:
 * the tests check the certificate themselves (its SPKI fingerprint), or do not care.
 */
final class AnyCertificateTls {
    private AnyCertificateTls() {
    }

    /** Handshakes over {@code plain}; closes it when the handshake fails. */
    static SSLSocket handshake(Socket plain, String host) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAny()}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
            tls.startHandshake();
            return tls;
        } catch (GeneralSecurityException e) {
            plain.close();
            throw new IOException(e);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static final class AcceptAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
