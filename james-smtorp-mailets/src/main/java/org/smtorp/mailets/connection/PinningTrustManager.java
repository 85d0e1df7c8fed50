/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.X509TrustManager;

import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

/**
 * Trusts exactly the key the address names: the SHA-256 of the server certificate's
 * SubjectPublicKeyInfo must start with the address's fingerprint prefix. Without one it
 * trusts the key first seen for the onion and refuses any other later. Certificate
 * authorities play no part: the onion address already authenticates the service, the pin
 * binds the TLS key to it.
 */
final class PinningTrustManager implements X509TrustManager {
    private final OnionAddress onion;
    private final Optional<Fingerprint> expected;
    private final PinStore pins;

    PinningTrustManager(OnionAddress onion, Optional<Fingerprint> expected, PinStore pins) {
        this.onion = onion;
        this.expected = expected;
        this.pins = pins;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException(onion.asString() + " presented no certificate");
        }
        Fingerprint actual = Fingerprint.of(chain[0]);
        if (expected.isPresent()) {
            if (!expected.get().isPrefixOf(actual)) {
                throw new PinMismatchException("pin mismatch for " + onion.asString() + ": the address requires "
                    + "fingerprint " + expected.get().asString() + ", the server presented " + actual.asString(), false);
            }
            return;
        }
        Fingerprint pinned = pins.pinIfAbsent(onion, actual);
        if (!pinned.equals(actual)) {
            throw new PinMismatchException("key change refused for " + onion.asString() + ": pinned on first use "
                + pinned.asString() + ", the server now presented " + actual.asString(), true);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a delivering client does not check client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
