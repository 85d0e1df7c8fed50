/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.net.InetAddress;

import org.apache.commons.net.smtp.SMTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;

/**
 * Raw SMTP clients (commons-net) for the onion listener, on 127.0.0.1 like every
 * connection tor forwards. They accept any certificate: the listener's TLS policy is
 * under test here, the fingerprint check in IdentityTlsIT.
 */
final class SmtpClients {
    private SmtpClients() {
    }

    /** Connected with implicit TLS; the greeting has been read. */
    static SMTPSClient implicitTls(int port) throws IOException {
        return connect(new SMTPSClient(true), port);
    }

    /** Connected in plain text; {@code execTLS()} starts TLS. */
    static SMTPSClient plain(int port) throws IOException {
        return connect(new SMTPSClient(false), port);
    }

    private static SMTPSClient connect(SMTPSClient client, int port) throws IOException {
        client.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
        client.setDefaultTimeout(30_000);
        client.connect(InetAddress.getLoopbackAddress(), port);
        client.setSoTimeout(30_000);
        return client;
    }

    static void close(SMTPSClient client) throws IOException {
        if (client.isConnected()) {
            client.disconnect();
        }
    }
}
