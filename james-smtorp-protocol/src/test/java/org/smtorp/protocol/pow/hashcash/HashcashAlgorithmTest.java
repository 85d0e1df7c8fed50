/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.protocol.pow.PowAlgorithm;
import org.smtorp.protocol.pow.PowAlgorithmContract;

class HashcashAlgorithmTest extends PowAlgorithmContract {
    private final HashcashAlgorithm algorithm = HashcashAlgorithm.create();

    @Override
    protected PowAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    protected byte[] prefix(String variant) {
        return ("1:6:261129:" + variant + "@example.onion::c2FsdHNhbHRzYWx0:").getBytes(StandardCharsets.US_ASCII);
    }

    /** Every prefix length modulo the block size: the found stamp verifies and keeps its varying part in one block. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 30, 44, 45, 46, 54, 55, 56, 63, 64, 100, 108, 109, 127})
    void searchShouldWorkForEveryPrefixLength(int padding) {
        String resource = "a".repeat(padding + 1) + "@x.onion";
        Stamp unfinished = Stamp.of(8, "261129", resource, "", "c2FsdHNhbHRzYWx0", "A");
        byte[] prefix = unfinished.prefix().getBytes(StandardCharsets.US_ASCII);
        byte[] counter = algorithm.search(prefix, 8).run(0, 1L << 30).orElseThrow();
        Stamp stamp = Stamp.parse(unfinished.prefix() + new String(counter, StandardCharsets.US_ASCII));
        assertThat(algorithm.value(stamp)).isGreaterThanOrEqualTo(8);
        int length = stamp.asString().length();
        if (prefix.length > 54) {
            assertThat(length % 64).isBetween(HashcashAlgorithm.COUNTER_DIGITS, 55);
        }
    }

    @Test
    void stampsWithRoomInTheirFirstBlockShouldGetTheShortestCounters() {
        byte[] prefix = prefix("alice");
        assertThat(counter(prefix, 0, 0)).isEqualTo("A");
        assertThat(counter(prefix, 0, 63)).isEqualTo("/");
        assertThat(counter(prefix, 0, 64)).isEqualTo("BA");
        byte[] found = algorithm.search(prefix, 8).run(0, 1L << 30).orElseThrow();
        assertThat(prefix.length + found.length).isLessThanOrEqualTo(55);
    }

    @Test
    void triesBeyondTheRoomOfTheFirstBlockShouldUseLongerCounters() {
        byte[] prefix = ("1:0:261129:" + "r".repeat(23) + "::c2FsdHNhbHRzYWx0:").getBytes(StandardCharsets.US_ASCII);
        assertThat(prefix.length).isEqualTo(53);
        assertThat(HashcashAlgorithm.shortCounters(prefix.length)).isEqualTo(64 * 64);
        assertThat(counter(prefix, 0, 4095)).isEqualTo("//");
        String first = counter(prefix, 0, 4096);
        assertThat(first).hasSize(HashcashAlgorithm.counterWidth(53)).endsWith("AAAAAAAABAA");
        // A search from just below the boundary finds a stamp of the value asked, on either side.
        String eightBits = "1:8:261129:" + "r".repeat(23) + "::c2FsdHNhbHRzYWx0:";
        Stamp stamp = Stamp.parse(eightBits + counter(eightBits.getBytes(StandardCharsets.US_ASCII), 8, 4000));
        assertThat(algorithm.value(stamp)).isGreaterThanOrEqualTo(8);
    }

    @Test
    void shortCountersShouldNeedRoomInTheFirstBlock() {
        assertThat(HashcashAlgorithm.shortCounters(44)).isEqualTo(Long.MAX_VALUE);
        assertThat(HashcashAlgorithm.shortCounters(54)).isEqualTo(64);
        assertThat(HashcashAlgorithm.shortCounters(55)).isZero();
        assertThat(HashcashAlgorithm.shortCounters(90)).isZero();
    }

    private String counter(byte[] prefix, int bits, long first) {
        return new String(algorithm.search(prefix, bits).run(first, 1L << 30).orElseThrow(), StandardCharsets.US_ASCII);
    }

    @Test
    void counterWidthShouldBeMinimalWhenTheDigitsFit() {
        assertThat(HashcashAlgorithm.counterWidth(44)).isEqualTo(11);
        assertThat(HashcashAlgorithm.counterWidth(45)).isEqualTo(64 - 45 + 11);
    }

    @Test
    void valueShouldCountLeadingZeroBitsOfSha1() {
        // Minted by Debian's hashcash 1.22, "hashcash -mb16 test@example.onion"; SHA-1 000035...
        Stamp stamp = Stamp.parse("1:16:261129:test@example.onion::Zzu0vyrkJLg1DaNK:"
            + "00000000000000000000000000000000000000000000N8S");
        assertThat(algorithm.value(stamp)).isEqualTo(18);
    }
}
