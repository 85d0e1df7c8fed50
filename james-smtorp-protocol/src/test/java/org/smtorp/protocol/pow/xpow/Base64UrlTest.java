/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

/**
 * The decoder's alphabet against the JDK's base64url decoder, character by character: each
 * UTF-16 unit to U+03FF and the last ones, in the last place of a 4-character group (no unused bits there), so a look-up
 * table that misses or adds one character fails here.
 */
class Base64UrlTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void decodeShouldAcceptExactlyTheUrlAlphabetWithTheJdksValues() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            // Beyond U+03FF only the last units: a table indexed by a truncated code fails below (U+0141 for 'A').
            if (c == 0x400) {
                c = 0xFF00;
            }
            String text = "AAA" + c;
            if (ALPHABET.indexOf(c) >= 0) {
                assertThat(Base64Url.decode("proof", text)).as("U+%04X", (int) c)
                    .isEqualTo(Base64.getUrlDecoder().decode(text));
            } else {
                assertThatThrownBy(() -> Base64Url.decode("proof", text)).as("U+%04X", (int) c)
                    .isInstanceOf(MalformedXpowException.class).hasMessageContaining("is not base64url");
            }
        }
    }

    @Test
    void decodeShouldCheckEveryPositionNotOnlyTheLast() {
        for (int position = 0; position < 4; position++) {
            StringBuilder text = new StringBuilder("AAAA");
            text.setCharAt(position, '\u0100');
            assertThatThrownBy(() -> Base64Url.decode("proof", text.toString()))
                .isInstanceOf(MalformedXpowException.class).hasMessageContaining("is not base64url");
        }
    }

    @Test
    void decodeShouldReadEveryValueInEveryPosition() {
        for (int value = 0; value < 64; value++) {
            for (int position = 0; position < 4; position++) {
                StringBuilder text = new StringBuilder("AAAA");
                text.setCharAt(position, ALPHABET.charAt(value));
                assertThat(Base64Url.decode("proof", text.toString()))
                    .isEqualTo(Base64.getUrlDecoder().decode(text.toString()));
            }
        }
    }
}
