/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackAddressTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "0:0:0:0:0:0:0:1"})
    void parseShouldTakeALoopbackLiteral(String text) {
        assertThat(LoopbackAddress.parse(text).isLoopbackAddress()).isTrue();
    }

    @Test
    void parseShouldAnswerTheAddressWritten() throws Exception {
        assertThat(LoopbackAddress.parse("127.0.0.2")).isEqualTo(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.5", "0.0.0.0", "128.0.0.1", "::", "fe80::1", "::2"})
    void parseShouldRefuseAnAddressOffLoopback(String text) {
        assertThatThrownBy(() -> LoopbackAddress.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("'" + text + "' is not a loopback IP address (127.0.0.0/8 or ::1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "tor.example", "ip6-localhost"})
    void parseShouldRefuseANameWithoutLookingItUp(String text) {
        assertThatThrownBy(() -> LoopbackAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "2130706433", "127.0.0.256", "127.0.0.1.", "127..0.1", "[::1]", "::ffff:127.0.0.1",
        "::1%lo", "", " 127.0.0.1"})
    void parseShouldRefuseAnythingButADottedQuadOrPlainIpv6(String text) {
        assertThatThrownBy(() -> LoopbackAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
