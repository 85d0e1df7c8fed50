/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.SmtorpDomain;

import nl.jqno.equalsverifier.EqualsVerifier;

class OnionRouteTest {
    private static final InetSocketAddress SOCKS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9050);
    private static final SmtorpDomain DOMAIN =
        SmtorpDomain.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(OnionRoute.class).withNonnullFields("onion", "socks", "tlsMode", "pin").verify();
    }

    @Test
    void isolationKeyShouldDifferPerOnion() {
        SmtorpDomain other = SmtorpDomain.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");

        assertThat(OnionRoute.to(DOMAIN, SOCKS, TlsMode.IMPLICIT).isolationKey())
            .isNotEqualTo(OnionRoute.to(other, SOCKS, TlsMode.IMPLICIT).isolationKey());
    }

    @Test
    void routeToADomainWithoutFingerprintShouldHaveNoPin() {
        assertThat(OnionRoute.to(DOMAIN, SOCKS, TlsMode.IMPLICIT).pin()).isEmpty();
        assertThat(OnionRoute.to(DOMAIN, SOCKS, TlsMode.IMPLICIT).port()).isEqualTo(25);
    }

    @Test
    void tlsModeParseShouldNameTheAllowedValues() {
        assertThatThrownBy(() -> TlsMode.parse("plain"))
            .hasMessageContaining("implicitOrStarttls, implicit, starttls");
    }

    @Test
    void tlsModeParseShouldIgnoreCase() {
        assertThat(TlsMode.parse("STARTTLS")).isEqualTo(TlsMode.STARTTLS);
    }
}
