/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class OnionAddressPropertiesTest {
    @Property(tries = 300)
    void theAddressOfAKeyShouldParseBackToTheKey(@ForAll @Size(32) byte[] seed) {
        byte[] publicKey = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();

        OnionAddress parsed = OnionAddress.parse(OnionAddress.fromPublicKey(publicKey).asString());

        assertThat(parsed.publicKey()).isEqualTo(publicKey);
    }

    @Property(tries = 300)
    void parseShouldIgnoreCase(@ForAll @Size(32) byte[] seed) {
        byte[] publicKey = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        OnionAddress onion = OnionAddress.fromPublicKey(publicKey);

        assertThat(OnionAddress.parse(onion.asString().toUpperCase(Locale.ROOT))).isEqualTo(onion);
    }
}
