/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeAll;
import org.smtorp.protocol.fuzz.ParserFuzzTarget;

/**
 * {@code X-Hashcash} header values as a sender's mail brings them: the checker answers every
 * value with a verdict (it never throws); the parser throws only {@link InvalidStampException};
 * and a stamp it accepts is spelled exactly as the tool wrote it.
 */
class StampFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    // Every stamp is new to this store, so that each input gets the same verdict in every run.
    private static final StampChecker CHECKER = StampChecker.of((stamp, expiry) -> true, CLOCK);
    private static final String RECIPIENT = "alice@example.org";

    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new StampFuzzTest().stamp("1:20:261129:alice@example.org::McMybZIhxKXu57jd:ckvi".getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void stamp(byte[] input) {
        String text = new String(input, UTF_8);
        StampVerdict verdict = CHECKER.check(text, RECIPIENT, 0);
        Stamp stamp;
        try {
            stamp = Stamp.parse(text);
        } catch (InvalidStampException e) {
            assertThat(verdict.isValid()).as("a malformed stamp is never valid").isFalse();
            return;
        }
        assertThat(stamp.asString()).isEqualTo(text.trim());
        assertThat(Stamp.parse(stamp.asString())).isEqualTo(stamp);
    }
}
