/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

import nl.jqno.equalsverifier.EqualsVerifier;

class ProvedSenderTest {
    private static final OnionAddress ONION =
        OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final Fingerprint KEY = Fingerprint.of(new byte[] {1, 2, 3});

    @Test
    void parseShouldReadAsString() {
        ProvedSender proved = ProvedSender.of(ONION, KEY);

        assertThat(ProvedSender.parse(proved.asString())).isEqualTo(proved);
    }

    @Test
    void ofShouldRefuseAnAbbreviatedFingerprint() {
        assertThatThrownBy(() -> ProvedSender.of(ONION, KEY.abbreviate(Fingerprint.MIN_BITS)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("full fingerprint");
    }

    @Test
    void parseShouldNameTheExpectedForm() {
        assertThatThrownBy(() -> ProvedSender.parse(ONION.asString()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("<onion> <fingerprint>");
    }

    @Test
    void toStringShouldShowOnlyAnAbbreviatedKey() {
        assertThat(ProvedSender.of(ONION, KEY).toString())
            .isEqualTo(ONION.asString() + " with key " + KEY.abbreviate(Fingerprint.MIN_BITS).asString());
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(ProvedSender.class).withNonnullFields("onion", "key").verify();
    }
}
