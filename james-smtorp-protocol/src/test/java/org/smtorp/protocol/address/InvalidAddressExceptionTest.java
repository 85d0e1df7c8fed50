/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.InvalidAddressException.Reason;

class InvalidAddressExceptionTest {
    @Test
    void messageShouldEscapeControlCharactersOfTheInput() {
        InvalidAddressException e = new InvalidAddressException(Reason.SYNTAX, "bad", "a\r\nb");

        assertThat(e).hasMessage("bad: 'a\\u000d\\u000ab'");
    }

    @Test
    void messageShouldCutLongInput() {
        InvalidAddressException e = new InvalidAddressException(Reason.SYNTAX, "bad", "a".repeat(1000));

        assertThat(e).hasMessage("bad: '" + "a".repeat(256) + "...'");
    }

    @Test
    void detailShouldOmitTheInput() {
        InvalidAddressException e = new InvalidAddressException(Reason.CHECKSUM, "checksum mismatch", "x");

        assertThat(e.detail()).isEqualTo("checksum mismatch");
    }
}
