/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class OnionServiceKeyTest {
    // RFC 8032 7.1 test 1; the address and expanded key were computed independently (Python hashlib).
    private static final byte[] RFC8032_TEST1_SEED =
        hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final String RFC8032_TEST1_ONION = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";
    private static final String RFC8032_TEST1_EXPANDED =
        "MHyDhk8oM8tCei7xwAoBPP3/J2jZgMCjpSDwBpBN6U+bTwr+KAt0aneGhOdUQlAgV7dHOgPwj5b1o46Sh+Afjw==";

    @Test
    void fromSeedShouldGiveTheOnionOfTheSeed() {
        assertThat(OnionServiceKey.fromSeed(RFC8032_TEST1_SEED).onion().asString()).isEqualTo(RFC8032_TEST1_ONION);
    }

    @Test
    void addOnionKeyShouldBeTheBase64OfTheExpandedKey() {
        assertThat(OnionServiceKey.fromSeed(RFC8032_TEST1_SEED).addOnionKey())
            .isEqualTo("ED25519-V3:" + RFC8032_TEST1_EXPANDED);
    }

    @Test
    void fromExpandedSecretKeyShouldDeriveTheOnion() {
        byte[] expanded = Base64.getDecoder().decode(RFC8032_TEST1_EXPANDED);

        assertThat(OnionServiceKey.fromExpandedSecretKey(expanded).onion().asString()).isEqualTo(RFC8032_TEST1_ONION);
    }

    @Test
    void fromExpandedSecretKeyShouldRejectWrongLength() {
        assertThatThrownBy(() -> OnionServiceKey.fromExpandedSecretKey(new byte[32]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("an expanded Ed25519 secret key has 64 bytes, not 32");
    }

    @Test
    void fromExpandedSecretKeyShouldRejectAnUnclampedScalar() {
        byte[] expanded = Base64.getDecoder().decode(RFC8032_TEST1_EXPANDED);
        expanded[31] |= (byte) 0x80;

        assertThatThrownBy(() -> OnionServiceKey.fromExpandedSecretKey(expanded))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("the scalar of the expanded secret key is not clamped");
    }

    @Test
    void fromSeedShouldRejectWrongLength() {
        assertThatThrownBy(() -> OnionServiceKey.fromSeed(new byte[64]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("an Ed25519 seed has 32 bytes, not 64");
    }

    @Test
    void generateShouldMakeDifferentKeys() {
        SecureRandom random = new SecureRandom();

        assertThat(OnionServiceKey.generate(random).onion()).isNotEqualTo(OnionServiceKey.generate(random).onion());
    }

    @Test
    void expandedSecretKeyShouldBeACopy() {
        OnionServiceKey key = OnionServiceKey.fromSeed(RFC8032_TEST1_SEED);
        key.expandedSecretKey()[0] = 1;

        assertThat(key.addOnionKey()).isEqualTo("ED25519-V3:" + RFC8032_TEST1_EXPANDED);
    }

    @Test
    void toStringShouldNotRevealTheSecret() {
        OnionServiceKey key = OnionServiceKey.fromSeed(RFC8032_TEST1_SEED);

        assertThat(key.toString())
            .isEqualTo("OnionServiceKey{onion=" + RFC8032_TEST1_ONION + ", secret=<redacted>}")
            .doesNotContain(RFC8032_TEST1_EXPANDED.substring(0, 8));
    }

    static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
