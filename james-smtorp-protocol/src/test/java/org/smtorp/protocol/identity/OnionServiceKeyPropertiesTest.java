/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.smtorp.protocol.address.OnionAddress;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class OnionServiceKeyPropertiesTest {
    @Property(tries = 300)
    void theExpandedKeyShouldGiveTheOnionOfItsSeed(@ForAll @Size(32) byte[] seed) {
        OnionServiceKey fromSeed = OnionServiceKey.fromSeed(seed);

        OnionServiceKey fromExpanded = OnionServiceKey.fromExpandedSecretKey(fromSeed.expandedSecretKey());

        assertThat(fromExpanded.onion()).isEqualTo(fromSeed.onion());
    }

    @Property(tries = 300)
    void theOnionShouldParseBackToThePublicKeyOfTheSeed(@ForAll @Size(32) byte[] seed) {
        byte[] publicKey = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();

        OnionAddress parsed = OnionAddress.parse(OnionServiceKey.fromSeed(seed).onion().asString());

        assertThat(parsed.publicKey()).isEqualTo(publicKey);
    }
}
