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
 * Whole SMTorP addresses, {@code local@[fingerprint.]onion.onion}, as headers, store lines and
 * the CLI hand them over: the parser throws only {@link InvalidAddressException}; an accepted
 * address parses back from its canonical form and is rebuilt from its parts.
 */
class SmtorpAddressFuzzTest {
    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new SmtorpAddressFuzzTest().smtorpAddress(("\"a@b\"@" + OnionVectors.TOR_MADE).getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void smtorpAddress(byte[] input) {
        String text = new String(input, UTF_8);
        SmtorpAddress address;
        try {
            address = SmtorpAddress.parse(text);
        } catch (InvalidAddressException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(SmtorpAddress.parse(address.asString())).isEqualTo(address);
        assertThat(SmtorpAddress.of(address.localPart(), address.domain())).isEqualTo(address);
    }
}
