/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.smtorp.mailets.fuzz.ParserFuzzTarget;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpAddress;

/**
 * The value of an {@code SMTorP-Address} header field in a received mail (folded, bracketed or
 * not): the parser throws only {@link InvalidAddressException}, and the value we would write
 * for what it accepts reads back as the same address.
 */
class SmtorpAddressHeaderFuzzTest {
    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new SmtorpAddressHeaderFuzzTest().smtorpAddressHeader(
            "\r\n <alice@mfrggzdfmztwq2lk.pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion>"
                .getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void smtorpAddressHeader(byte[] input) {
        String value = new String(input, UTF_8);
        SmtorpAddress address;
        try {
            address = SmtorpAddressHeader.parse(value);
        } catch (InvalidAddressException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(SmtorpAddressHeader.parse(SmtorpAddressHeader.value(address))).isEqualTo(address);
    }
}
