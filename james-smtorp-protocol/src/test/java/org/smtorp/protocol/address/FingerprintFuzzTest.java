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
 * Fingerprints as they arrive in the first label of an SMTorP domain and in {@code fp=} of a
 * TXT record: the parser throws only {@link InvalidAddressException}; what it accepts is the
 * input in lower case, and its shortest prefix is a prefix of it.
 */
class FingerprintFuzzTest {
    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new FingerprintFuzzTest().fingerprint("abcdefghijklmnop".getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void fingerprint(byte[] input) {
        String text = new String(input, UTF_8);
        Fingerprint fingerprint;
        try {
            fingerprint = Fingerprint.parse(text);
        } catch (InvalidAddressException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(fingerprint.asString()).isEqualTo(Ascii.toLowerCase(text));
        assertThat(Fingerprint.parse(fingerprint.asString())).isEqualTo(fingerprint);
        assertThat(fingerprint.abbreviate(Fingerprint.MIN_BITS).isPrefixOf(fingerprint)).isTrue();
    }
}
