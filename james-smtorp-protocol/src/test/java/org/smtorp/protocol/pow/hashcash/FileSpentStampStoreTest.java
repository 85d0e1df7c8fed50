/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSpentStampStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Stamp STAMP = Stamp.parse("1:8:261129:a@b.onion::rand:1");
    private static final Stamp OTHER = Stamp.parse("1:8:261129:a@b.onion::rand:2");

    @TempDir
    Path directory;

    @Test
    void spendShouldRefuseADoubleSpend() throws IOException {
        try (FileSpentStampStore store = FileSpentStampStore.open(directory.resolve("spent"), CLOCK)) {
            assertThat(store.spend(STAMP, NOW.plusSeconds(60))).isTrue();
            assertThat(store.spend(STAMP, NOW.plusSeconds(60))).isFalse();
            assertThat(store.spend(OTHER, NOW.plusSeconds(60))).isTrue();
        }
    }

    @Test
    void spentStampsShouldSurviveARestart() throws IOException {
        Path file = directory.resolve("spent");
        try (FileSpentStampStore store = FileSpentStampStore.open(file, CLOCK)) {
            store.spend(STAMP, NOW.plusSeconds(60));
        }
        try (FileSpentStampStore store = FileSpentStampStore.open(file, CLOCK)) {
            assertThat(store.spend(STAMP, NOW.plusSeconds(60))).isFalse();
        }
    }

    @Test
    void openShouldDropExpiredEntriesAndTornLines() throws IOException {
        Path file = directory.resolve("spent");
        try (FileSpentStampStore store = FileSpentStampStore.open(file, CLOCK)) {
            store.spend(STAMP, NOW.plusSeconds(60));
            store.spend(OTHER, NOW.plusSeconds(120));
        }
        Files.writeString(file, "17999", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        Clock later = Clock.fixed(NOW.plusSeconds(90), ZoneOffset.UTC);
        try (FileSpentStampStore store = FileSpentStampStore.open(file, later)) {
            assertThat(store.size()).isEqualTo(1);
            assertThat(Files.readAllLines(file)).containsExactly(NOW.plusSeconds(120).getEpochSecond() + " " + OTHER);
            assertThat(store.spend(STAMP, NOW.plusSeconds(200))).isTrue();
            assertThat(store.spend(OTHER, NOW.plusSeconds(200))).isFalse();
        }
    }

    @Test
    void spendShouldCompactWhenDeadLinesPileUp() throws IOException {
        Path file = directory.resolve("spent");
        try (FileSpentStampStore store = FileSpentStampStore.open(file, CLOCK)) {
            for (int i = 0; i < 1100; i++) {
                // Already expired when spent: each becomes a dead line.
                store.spend(Stamp.parse("1:8:261129:a@b.onion::rand:" + i), NOW.minusSeconds(1));
            }
            assertThat(Files.readAllLines(file).size()).isLessThan(1100);
        }
    }
}
