/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.sender.ProvedSender;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

class RelayPermissionTest {
    private static final OnionAddress ONION =
        OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final OnionAddress OTHER =
        OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
    private static final Fingerprint KEY = Fingerprint.parse("xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq");
    private static final Fingerprint OTHER_KEY =
        Fingerprint.parse("aj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq");
    private static final String LISTED = KEY.asString() + "." + ONION.asString();

    @Test
    void theListedOnionWithItsKeyShouldBeAllowed() {
        assertThat(RelayPermission.parse(LISTED).allows(Optional.of(ProvedSender.of(ONION, KEY)))).isTrue();
    }

    @Test
    void theListedOnionWithAnotherKeyShouldNotBeAllowed() {
        assertThat(RelayPermission.parse(LISTED).allows(Optional.of(ProvedSender.of(ONION, OTHER_KEY)))).isFalse();
    }

    @Test
    void theListedKeyClaimingAnotherOnionShouldNotBeAllowed() {
        assertThat(RelayPermission.parse(LISTED).allows(Optional.of(ProvedSender.of(OTHER, KEY)))).isFalse();
    }

    @Test
    void aSessionWithoutProofShouldNotBeAllowed() {
        assertThat(RelayPermission.parse(LISTED).allows(Optional.empty())).isFalse();
    }

    @Test
    void nobodyShouldAllowNobody() {
        assertThat(RelayPermission.NOBODY.allows(Optional.of(ProvedSender.of(ONION, KEY)))).isFalse();
        assertThat(RelayPermission.parse("  ").isNobody()).isTrue();
    }

    @Test
    void parseShouldTakeCommasAndWhiteSpaceAndAnyCase() {
        RelayPermission both = RelayPermission.parse(LISTED.toUpperCase() + ",\n  " + OTHER_KEY.asString() + "."
            + OTHER.asString());

        assertThat(both.allows(Optional.of(ProvedSender.of(ONION, KEY)))).isTrue();
        assertThat(both.allows(Optional.of(ProvedSender.of(OTHER, OTHER_KEY)))).isTrue();
    }

    @Test
    void parseShouldRefuseAnOnionWithoutFingerprint() {
        assertThatThrownBy(() -> RelayPermission.parse(ONION.asString()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("must name the onion with its key's full fingerprint");
    }

    @Test
    void equalsShouldCompareTheListedSenders() {
        // The factory never makes a null set.
        EqualsVerifier.forClass(RelayPermission.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
