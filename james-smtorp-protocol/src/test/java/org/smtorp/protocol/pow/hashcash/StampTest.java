/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.jqno.equalsverifier.EqualsVerifier;

class StampTest {
    private static final String TOOL_STAMP = "1:16:261129:test@example.onion::Zzu0vyrkJLg1DaNK:"
        + "00000000000000000000000000000000000000000000N8S";

    @Test
    void parseShouldReadTheToolsStamp() {
        Stamp stamp = Stamp.parse("  " + TOOL_STAMP + "\r\n");
        assertThat(stamp.bits()).isEqualTo(16);
        assertThat(stamp.resource()).isEqualTo("test@example.onion");
        assertThat(stamp.extension()).isEmpty();
        assertThat(stamp.date()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(stamp.asString()).isEqualTo(TOOL_STAMP);
    }

    @ParameterizedTest
    @CsvSource({
        "261129, 2026-11-29T00:00:00Z",
        "2611291530, 2026-11-29T15:30:00Z",
        "261129153045, 2026-11-29T15:30:45Z",
        "991231, 1999-12-31T00:00:00Z",
        "691231, 2069-12-31T00:00:00Z"
    })
    void dateShouldReadTheThreeWidthsInUtc(String date, String instant) {
        assertThat(Stamp.of(1, date, "r", "", "rand", "c").date()).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0:20:261129:r:rand:c|version 0 stamps are not accepted",
        "2:20:261129:r::rand:c|stamp version \"2\" is not 1",
        "1:20:261129:r::rand|has 7 fields",
        "1:20:261129:r::rand:c:d|has 7 fields",
        "1:x:261129:r::rand:c|stamp bits \"x\" is not a number",
        "1:161:261129:r::rand:c|from 0 to 160",
        "1:20:2611:r::rand:c|stamp date \"2611\" must be YYMMDD",
        "1:20:261329:r::rand:c|stamp date \"261329\" is not a real date",
        "1:20:261129:::rand:c|stamp resource \"\" must be printable ASCII",
        "1:20:261129:a b::rand:c|stamp resource \"a b\"",
        "1:20:261129:r::ra.nd:c|stamp rand \"ra.nd\"",
        "1:20:261129:r::rand:|stamp counter \"\""
    })
    void parseShouldRefuse(String text, String message) {
        assertThatThrownBy(() -> Stamp.parse(text)).isInstanceOf(InvalidStampException.class)
            .hasMessageContaining(message);
    }

    // Fields are found by index: the count must be the one ':' separators give, empty fields included.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|not 1: ",
        ":|not 2: :",
        "1:20:261129:r::rand:c:|not 8: ",
        "1:20:261129:r::rand:c::|not 9: ",
        ":::::|not 6: ",
        "::::::|stamp version \"\" is not 1",
        "0|version 0 stamps are not accepted",
        "0:|version 0 stamps are not accepted",
        "00:20:261129:r::rand:c|stamp version \"00\" is not 1",
        "10:20:261129:r::rand:c|stamp version \"10\" is not 1",
        "1::261129:r::rand:c|stamp bits \"\" is not a number",
        "1:20::r::rand:c|stamp date \"\" must be YYMMDD"
    })
    void parseShouldCountFieldsAsSeparatorsGiveThem(String text, String message) {
        assertThatThrownBy(() -> Stamp.parse(text)).isInstanceOf(InvalidStampException.class)
            .hasMessageContaining(message);
    }

    // The classes are a look-up table of ASCII: each character against the rules as the tool states them,
    // up to U+03FF (a table indexed by a truncated code would take U+0141 for 'A') and the last ones.
    @Test
    void ofShouldAllowExactlyTheRulesCharactersInEachField() {
        String base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        String characters = IntStream.concat(IntStream.range(0, 0x400), IntStream.of(0xFF21, 0xFFFE, 0xFFFF))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        for (char c : characters.toCharArray()) {
            String one = String.valueOf(c);
            boolean field = c > ' ' && c <= '~' && c != ':';
            assertThat(accepts(() -> Stamp.of(1, "261129", "r" + one, "", "rand", "c"))).as("resource U+%04X", (int) c)
                .isEqualTo(field);
            assertThat(accepts(() -> Stamp.of(1, "261129", "r", one, "rand", "c"))).as("extension U+%04X", (int) c)
                .isEqualTo(field);
            assertThat(accepts(() -> Stamp.of(1, "261129", "r", "", "rand" + one, "c"))).as("rand U+%04X", (int) c)
                .isEqualTo(base64.indexOf(c) >= 0);
            assertThat(accepts(() -> Stamp.of(1, "261129", "r", "", "rand", one + "c"))).as("counter U+%04X", (int) c)
                .isEqualTo(base64.indexOf(c) >= 0);
            assertThat(accepts(() -> Stamp.of(1, "26112" + one, "r", "", "rand", "c"))).as("date U+%04X", (int) c)
                .isEqualTo(c >= '0' && c <= '9');
            assertThat(accepts(() -> Stamp.parse("1:2" + one + ":261129:r::rand:c"))).as("bits U+%04X", (int) c)
                .isEqualTo(c >= '0' && c <= '9');
        }
    }

    private static boolean accepts(Runnable make) {
        try {
            make.run();
            return true;
        } catch (InvalidStampException e) {
            return false;
        }
    }

    @Test
    void parseShouldKeepEmptyExtensionAndTheLastFieldWhole() {
        Stamp stamp = Stamp.parse("1:0:2611291530:r:a=b;c:rand:counter");
        assertThat(stamp.extension()).isEqualTo("a=b;c");
        assertThat(stamp.asString()).isEqualTo("1:0:2611291530:r:a=b;c:rand:counter");
    }

    @Test
    void parseShouldRefuseAnOverlongStampBeforeSplitting() {
        assertThatThrownBy(() -> Stamp.parse("1:20:261129:" + "r".repeat(600) + "::rand:c"))
            .hasMessageContaining("at most 512");
    }

    @Test
    void dayOfShouldUseUtc() {
        assertThat(Stamp.dayOf(Instant.parse("2026-11-29T23:59:59Z"))).isEqualTo("261129");
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(Stamp.class).withNonnullFields("date", "resource", "extension", "rand", "counter")
            .verify();
    }
}
