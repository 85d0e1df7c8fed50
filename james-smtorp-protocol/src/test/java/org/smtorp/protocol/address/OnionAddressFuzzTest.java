/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.smtorp.protocol.fuzz.ParserFuzzTarget;

/**
 * Onion addresses as they arrive in RCPT paths, DNS records, headers and XONION lines: the
 * parser throws only {@link InvalidAddressException}, and an address it accepts is the one
 * its canonical forms and its key name.
 */
class OnionAddressFuzzTest {
    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new OnionAddressFuzzTest().onionAddress(OnionVectors.TOR_MADE.getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void onionAddress(byte[] input) {
        String text = new String(input, UTF_8);
        OnionAddress onion;
        try {
            onion = OnionAddress.parse(text);
        } catch (InvalidAddressException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(Ascii.toLowerCase(text)).isIn(onion.asString(), onion.serviceId());
        assertThat(OnionAddress.parse(onion.asString())).isEqualTo(onion);
        assertThat(OnionAddress.parse(onion.serviceId())).isEqualTo(onion);
        assertThat(OnionAddress.fromPublicKey(onion.publicKey())).isEqualTo(onion);
    }
}
