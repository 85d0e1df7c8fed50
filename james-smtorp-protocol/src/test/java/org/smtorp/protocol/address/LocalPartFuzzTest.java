/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.smtorp.protocol.address.InvalidAddressException.Reason;
import org.smtorp.protocol.fuzz.ParserFuzzTarget;

/**
 * Local parts as written before the '@' of an SMTorP address (RFC 5321 dot-string or quoted
 * string): refused only with {@link InvalidAddressException} for the LOCAL_PART rule; the
 * canonical spelling is a fixed point and survives a trip through the whole address.
 */
class LocalPartFuzzTest {
    private static final SmtorpDomain DOMAIN = SmtorpDomain.parse(OnionVectors.TOR_MADE);

    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new LocalPartFuzzTest().localPart("\"a\\\"b\"".getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void localPart(byte[] input) {
        String written = new String(input, UTF_8);
        SmtorpAddress address;
        try {
            address = SmtorpAddress.of(written, DOMAIN);
        } catch (InvalidAddressException e) {
            assertThat(e.reason()).isEqualTo(Reason.LOCAL_PART);
            return;
        }
        String canonical = address.localPart();
        assertThat(SmtorpAddress.of(canonical, DOMAIN).localPart()).isEqualTo(canonical);
        assertThat(SmtorpAddress.parse(address.asString())).isEqualTo(address);
    }
}
