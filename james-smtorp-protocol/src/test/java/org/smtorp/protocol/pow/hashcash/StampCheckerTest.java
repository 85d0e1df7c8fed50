/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.jqno.equalsverifier.EqualsVerifier;

class StampCheckerTest {
    private static final String RESOURCE = "alice@example.onion";
    private static final HashcashAlgorithm HASHCASH = HashcashAlgorithm.create();

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    private static StampChecker checker(String now) {
        return StampChecker.of(InMemorySpentStampStore.create(at(now)), at(now));
    }

    /** A stamp of at least {@code bits} for {@code resource} dated {@code date}, minted here. */
    static String mint(int bits, String date, String resource) {
        Stamp unfinished = Stamp.of(bits, date, resource, "", "c2FsdHNhbHRzYWx0", "A");
        byte[] prefix = unfinished.prefix().getBytes(StandardCharsets.US_ASCII);
        byte[] counter = HASHCASH.search(prefix, bits).run(0, 1L << 40).orElseThrow();
        return unfinished.prefix() + new String(counter, StandardCharsets.US_ASCII);
    }

    @Test
    void checkShouldAcceptAValidStampOnce() {
        StampChecker checker = checker("2026-11-29T12:00:00Z");
        String stamp = mint(10, "261129", RESOURCE);
        assertThat(checker.check(stamp, RESOURCE, 10).isValid()).isTrue();
        StampVerdict again = checker.check(stamp, RESOURCE, 10);
        assertThat(again.kind()).isEqualTo(StampVerdict.Kind.SPENT);
        assertThat(again.message()).startsWith("stamp was already spent");
    }

    @Test
    void checkShouldMatchTheResourceIgnoringAsciiCase() {
        assertThat(checker("2026-11-29T12:00:00Z").check(mint(8, "261129", RESOURCE), "Alice@Example.ONION", 8)
            .isValid()).isTrue();
    }

    @Test
    void checkShouldRefuseAnotherResource() {
        StampVerdict verdict = checker("2026-11-29T12:00:00Z").check(mint(8, "261129", RESOURCE), "bob@example.onion", 8);
        assertThat(verdict.kind()).isEqualTo(StampVerdict.Kind.WRONG_RESOURCE);
        assertThat(verdict.message()).isEqualTo("stamp is for alice@example.onion, not bob@example.onion");
    }

    @Test
    void checkShouldRefuseFewerClaimedBitsThanRequired() {
        StampVerdict verdict = checker("2026-11-29T12:00:00Z").check(mint(8, "261129", RESOURCE), RESOURCE, 9);
        assertThat(verdict.kind()).isEqualTo(StampVerdict.Kind.INSUFFICIENT_BITS);
        assertThat(verdict.message()).isEqualTo("stamp claims 8 bits, 9 are required");
    }

    @Test
    void checkShouldRefuseAClaimTheHashDoesNotHold() {
        String stamp = mint(8, "261129", RESOURCE).replace(":8:", ":40:");
        StampVerdict verdict = checker("2026-11-29T12:00:00Z").check(stamp, RESOURCE, 20);
        assertThat(verdict.kind()).isEqualTo(StampVerdict.Kind.INSUFFICIENT_WORK);
        assertThat(verdict.message()).startsWith("stamp claims 40 bits but its SHA-1 has");
    }

    @ParameterizedTest
    @CsvSource({
        // minted 2026-11-01: valid 28 days + 2 days of grace, until 2026-12-01T00:00Z
        "2026-11-30T23:59:59Z, VALID",
        "2026-12-01T00:00:00Z, VALID",
        "2026-12-01T00:00:01Z, EXPIRED",
        // dated in the future: accepted within 2 days of grace
        "2026-10-30T00:00:00Z, VALID",
        "2026-10-29T23:59:59Z, FUTURE_DATED"
    })
    void checkShouldEnforceTheDateWindowWithGrace(String now, StampVerdict.Kind kind) {
        assertThat(checker(now).check(mint(6, "261101", RESOURCE), RESOURCE, 6).kind()).isEqualTo(kind);
    }

    @Test
    void checkShouldNameTheDatesOfAnExpiredStamp() {
        StampVerdict verdict = checker("2027-01-01T00:00:00Z").check(mint(6, "261101", RESOURCE), RESOURCE, 6);
        assertThat(verdict.message())
            .isEqualTo("stamp dated 2026-11-01T00:00:00Z expired at 2026-12-01T00:00:00Z (validity 28 days, grace 48 h)");
    }

    @Test
    void checkShouldHonourAnotherValidityAndGrace() {
        StampChecker checker = checker("2026-11-03T00:00:01Z").withValidity(Duration.ofDays(2)).withGrace(Duration.ZERO);
        assertThat(checker.check(mint(6, "261101", RESOURCE), RESOURCE, 6).kind()).isEqualTo(StampVerdict.Kind.EXPIRED);
    }

    @Test
    void checkShouldReportMalformedStamps() {
        StampVerdict verdict = checker("2026-11-29T12:00:00Z").check("1:20:nonsense", RESOURCE, 20);
        assertThat(verdict.kind()).isEqualTo(StampVerdict.Kind.MALFORMED);
        assertThat(verdict.message()).contains("has 7 fields");
        assertThat(verdict.stamp()).isEmpty();
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(StampVerdict.class).withNonnullFields("kind", "message", "stamp").verify();
    }
}
