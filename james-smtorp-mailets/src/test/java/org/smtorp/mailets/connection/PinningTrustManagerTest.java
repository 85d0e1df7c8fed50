/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.identity.TlsIdentity;

class PinningTrustManagerTest {
    private static final TlsIdentity SERVER = TlsIdentity.generate(PinStoreTest.ONION, new SecureRandom(),
        Clock.systemUTC());
    private static final TlsIdentity OTHER = TlsIdentity.generate(PinStoreTest.ONION, new SecureRandom(),
        Clock.systemUTC());

    @Test
    void fullFingerprintOfTheServerShouldBeTrusted(@TempDir Path dir) {
        PinningTrustManager trust = new PinningTrustManager(PinStoreTest.ONION, Optional.of(SERVER.fingerprint()),
            PinStore.in(dir));

        assertThatCode(() -> trust.checkServerTrusted(chain(SERVER), "ECDHE")).doesNotThrowAnyException();
    }

    @Test
    void abbreviatedFingerprintOfTheServerShouldBeTrusted(@TempDir Path dir) {
        PinningTrustManager trust = new PinningTrustManager(PinStoreTest.ONION,
            Optional.of(SERVER.fingerprint().abbreviate(80)), PinStore.in(dir));

        assertThatCode(() -> trust.checkServerTrusted(chain(SERVER), "ECDHE")).doesNotThrowAnyException();
    }

    @Test
    void mismatchShouldNameTheOnionAndBothFingerprints(@TempDir Path dir) {
        PinningTrustManager trust = new PinningTrustManager(PinStoreTest.ONION, Optional.of(OTHER.fingerprint()),
            PinStore.in(dir));

        assertThatThrownBy(() -> trust.checkServerTrusted(chain(SERVER), "ECDHE"))
            .isInstanceOf(PinMismatchException.class)
            .hasMessageContaining(PinStoreTest.ONION.asString())
            .hasMessageContaining(OTHER.fingerprint().asString())
            .hasMessageContaining(SERVER.fingerprint().asString());
    }

    @Test
    void changedKeyAfterFirstUseShouldBeRefusedNamingBothFingerprints(@TempDir Path dir) throws Exception {
        PinStore pins = PinStore.in(dir);
        new PinningTrustManager(PinStoreTest.ONION, Optional.empty(), pins).checkServerTrusted(chain(SERVER), "ECDHE");

        assertThatThrownBy(() -> new PinningTrustManager(PinStoreTest.ONION, Optional.empty(), pins)
            .checkServerTrusted(chain(OTHER), "ECDHE"))
            .isInstanceOf(PinMismatchException.class)
            .hasMessageContaining(SERVER.fingerprint().asString())
            .hasMessageContaining(OTHER.fingerprint().asString());
    }

    @Test
    void sameKeyAfterFirstUseShouldBeTrusted(@TempDir Path dir) throws Exception {
        PinStore pins = PinStore.in(dir);
        new PinningTrustManager(PinStoreTest.ONION, Optional.empty(), pins).checkServerTrusted(chain(SERVER), "ECDHE");

        assertThatCode(() -> new PinningTrustManager(PinStoreTest.ONION, Optional.empty(), pins)
            .checkServerTrusted(chain(SERVER), "ECDHE")).doesNotThrowAnyException();
    }

    private static X509Certificate[] chain(TlsIdentity identity) {
        return new X509Certificate[] {identity.certificate()};
    }
}
