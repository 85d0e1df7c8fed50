/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

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
