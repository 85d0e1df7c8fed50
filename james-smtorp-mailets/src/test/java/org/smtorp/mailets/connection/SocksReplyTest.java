/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SocksReplyTest {
    @Test
    void descriptorNotFoundShouldBeTemporary() {
        assertThat(SocksReply.of(0xF0)).isEqualTo(SocksReply.ONION_DESCRIPTOR_NOT_FOUND);
        assertThat(SocksReply.of(0xF0).isPermanent()).isFalse();
    }

    @Test
    void invalidOnionAddressShouldBePermanent() {
        assertThat(SocksReply.of(0xF6).isPermanent()).isTrue();
    }

    @Test
    void clientAuthorizationRepliesShouldBePermanent() {
        assertThat(SocksReply.of(0xF4).isPermanent()).isTrue();
        assertThat(SocksReply.of(0xF5).isPermanent()).isTrue();
    }

    @Test
    void introductionTimeoutShouldBeTemporary() {
        assertThat(SocksReply.of(0xF7).isPermanent()).isFalse();
    }

    @Test
    void everyCodeFromF0ToF7ShouldHaveItsOwnName() {
        for (int code = 0xF0; code <= 0xF7; code++) {
            assertThat(SocksReply.of(code)).isNotEqualTo(SocksReply.UNKNOWN);
            assertThat(SocksReply.of(code).name()).startsWith("ONION_");
        }
    }

    @Test
    void unknownCodeShouldBeUnknownAndTemporary() {
        assertThat(SocksReply.of(0x42)).isEqualTo(SocksReply.UNKNOWN);
        assertThat(SocksReply.UNKNOWN.isPermanent()).isFalse();
    }
}
