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
 * SMTorP domains, {@code [<fingerprint>.]<onion>.onion}, as they arrive after the '@' of an
 * address: the parser throws only {@link InvalidAddressException}, and what it accepts is
 * the input in lower case.
 */
class SmtorpDomainFuzzTest {
    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new SmtorpDomainFuzzTest().smtorpDomain(("abcdefghijklmnop." + OnionVectors.TOR_MADE).getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void smtorpDomain(byte[] input) {
        String text = new String(input, UTF_8);
        SmtorpDomain domain;
        try {
            domain = SmtorpDomain.parse(text);
        } catch (InvalidAddressException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(domain.asString()).isEqualTo(Ascii.toLowerCase(text));
        assertThat(SmtorpDomain.parse(domain.asString())).isEqualTo(domain);
        assertThat(domain.withoutFingerprint().onion()).isEqualTo(domain.onion());
    }
}
