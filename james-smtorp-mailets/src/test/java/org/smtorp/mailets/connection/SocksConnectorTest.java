/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SocksConnectorTest {
    private static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    private static final String OTHER = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(5), Deadline.timers("test-deadlines"));

    @Test
    void connectShouldSendTheOnionNameAsADomainWithItsPort() throws Exception {
        try (ScriptedSocksServer socks = ScriptedSocksServer.replying(0x00);
             Socket socket = SocksConnector.of(socks.address(), TIMEOUT).connect(ONION, 25, "isolation-1", DEADLINE)) {
            assertThat(socket.isConnected()).isTrue();
            assertThat(socks.requests()).singleElement().satisfies(request -> {
                assertThat(request.addressType).isEqualTo(3);
                assertThat(request.host).isEqualTo(ONION);
                assertThat(request.port).isEqualTo(25);
            });
        }
    }

    @Test
    void connectShouldAuthenticateWithTheIsolationKeyPerDestination() throws Exception {
        try (ScriptedSocksServer socks = ScriptedSocksServer.replying(0x00)) {
            SocksConnector connector = SocksConnector.of(socks.address(), TIMEOUT);
            connector.connect(ONION, 25, "isolation-" + ONION, DEADLINE).close();
            connector.connect(OTHER, 25, "isolation-" + OTHER, DEADLINE).close();

            assertThat(socks.requests()).extracting(request -> request.user)
                .containsExactly("isolation-" + ONION, "isolation-" + OTHER).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest(name = "0x{0} -> {1}, permanent {2}")
    @CsvSource({
        "F0,ONION_DESCRIPTOR_NOT_FOUND,false",
        "F2,ONION_INTRODUCTION_FAILED,false",
        "F4,ONION_MISSING_CLIENT_AUTHORIZATION,true",
        "F6,ONION_ADDRESS_INVALID,true",
        "F7,ONION_INTRODUCTION_TIMED_OUT,false",
        "01,GENERAL_FAILURE,false",
        "05,CONNECTION_REFUSED,false",
        "08,ADDRESS_TYPE_NOT_SUPPORTED,true"})
    void connectShouldMapTheReplyCode(String hex, String name, boolean permanent) throws Exception {
        try (ScriptedSocksServer socks = ScriptedSocksServer.replying(Integer.parseInt(hex, 16))) {
            assertThatThrownBy(() -> SocksConnector.of(socks.address(), TIMEOUT).connect(ONION, 25, "k", DEADLINE))
                .isInstanceOfSatisfying(DeliveryFailure.class,
                    e -> assertThat(e.isPermanent()).isEqualTo(permanent))
                .hasMessageContaining("0x" + hex).hasMessageContaining(name).hasMessageContaining(ONION);
        }
    }

    @Test
    void connectShouldNameTheByteTorSentForAnUnknownReply() throws Exception {
        try (ScriptedSocksServer socks = ScriptedSocksServer.replying(0x42)) {
            assertThatThrownBy(() -> SocksConnector.of(socks.address(), TIMEOUT).connect(ONION, 25, "k", DEADLINE))
                .hasMessageContaining("0x42").hasMessageContaining("UNKNOWN").hasMessageNotContaining("-1")
                .isInstanceOfSatisfying(DeliveryFailure.class, e -> assertThat(e.isPermanent()).isFalse());
        }
    }
}
