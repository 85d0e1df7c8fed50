/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A spent-stamp store in a file that survives restarts: one line per stamp,
 * {@code <expiry epoch seconds> <stamp>}, appended and forced to disk before a
 * stamp counts as spent. Opening drops expired entries and torn lines (a crash
 * during an append) by rewriting the file; so does a spend that doubles the file
 * since the last rewrite. Thread-safe within one JVM; one process per file.
 */
public final class FileSpentStampStore implements SpentStampStore, AutoCloseable {
    private static final int MIN_COMPACTION = 1024;

    private final Path file;
    private final Clock clock;
    private final Map<String, Instant> spent = new HashMap<>();
    private FileChannel channel;
    private int lines;
    private int compactAt = MIN_COMPACTION;

    private FileSpentStampStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Opens or creates the store in {@code file}. */
    public static FileSpentStampStore open(Path file, Clock clock) throws IOException {
        FileSpentStampStore store = new FileSpentStampStore(file, clock);
        store.load();
        store.compact();
        return store;
    }

    @Override
    public synchronized boolean spend(Stamp stamp, Instant expiresAt) {
        Instant now = clock.instant();
        Instant known = spent.get(stamp.asString());
        if (known != null && !known.isBefore(now)) {
            return false;
        }
        try {
            String line = expiresAt.getEpochSecond() + " " + stamp.asString() + "\n";
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            spent.put(stamp.asString(), expiresAt);
            lines++;
            if (lines >= compactAt) {
                spent.values().removeIf(expiry -> expiry.isBefore(now));
                compact();
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a spent stamp in " + file, e);
        }
    }

    /** How many unexpired stamps the store holds. */
    public synchronized int size() {
        Instant now = clock.instant();
        return (int) spent.values().stream().filter(expiry -> !expiry.isBefore(now)).count();
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Instant now = clock.instant();
        List<String> all = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (String line : all) {
            int space = line.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                Instant expiry = Instant.ofEpochSecond(Long.parseLong(line.substring(0, space)));
                Stamp stamp = Stamp.parse(line.substring(space + 1));
                if (!expiry.isBefore(now)) {
                    spent.merge(stamp.asString(), expiry, (a, b) -> a.isAfter(b) ? a : b);
                }
            } catch (NumberFormatException | InvalidStampException torn) {
                // A torn last line: its stamp was never reported as spent.
            }
        }
    }

    private void compact() throws IOException {
        close();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
            for (Map.Entry<String, Instant> entry : spent.entrySet()) {
                writer.write(entry.getValue().getEpochSecond() + " " + entry.getKey() + "\n");
            }
        }
        try (FileChannel sync = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            sync.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        lines = spent.size();
        compactAt = Math.max(MIN_COMPACTION, 2 * lines);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public String toString() {
        return "FileSpentStampStore{" + file + "}";
    }
}
