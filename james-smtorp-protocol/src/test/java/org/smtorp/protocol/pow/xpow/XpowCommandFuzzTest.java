/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.smtorp.protocol.fuzz.ParserFuzzTarget;

/**
 * The arguments of an {@code XPOW} command line, as the onion listener gets them from a client.
 * The verifier answers every input with a verdict (it never throws); the parser throws only
 * {@link MalformedXpowException}; and what parses has one spelling, its own.
 */
class XpowCommandFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final XpowVerifier VERIFIER = XpowVerifier.of(AlgorithmRegistry.defaults(CLOCK));
    private static final Challenge CHALLENGE = TestChallenges.of("fuzz");

    @ParserFuzzTarget
    void xpowArguments(byte[] input) {
        String arguments = new String(input, UTF_8);
        Verdict verdict = VERIFIER.verify(CHALLENGE, 1, arguments);
        XpowCommand command;
        try {
            command = XpowCommand.parse(arguments);
        } catch (MalformedXpowException e) {
            assertThat(verdict.isAccepted()).as("a malformed line is never accepted").isFalse();
            return;
        }
        assertThat(command.arguments()).isEqualTo(arguments);
        assertThat(XpowCommand.parse(command.arguments())).isEqualTo(command);
    }
}
