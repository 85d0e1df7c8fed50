/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a directory authority has cached of the network: how many relays its microdesc
 * consensus lists ({@code r } lines) and how many microdescriptors it holds
 * ({@code ntor-onion-key} lines in {@code cached-microdescs} and its journal). Clients
 * started before every relay is in both cache a partial view and wait for the next one,
 * which is why the network starts them only once this is complete on every authority.
 */
final class MicrodescCache {
    private static final String CONSENSUS = "cached-microdesc-consensus";
    private static final String MICRODESCS = "cached-microdescs";

    private final int relays;
    private final int microdescriptors;

    private MicrodescCache(int relays, int microdescriptors) {
        this.relays = relays;
        this.microdescriptors = microdescriptors;
    }

    static MicrodescCache read(Path dataDirectory) {
        int relays = count(dataDirectory.resolve(CONSENSUS), "r ");
        int microdescriptors = 0;
        try (Stream<Path> files = Files.list(dataDirectory)) {
            List<Path> caches = files.filter(file -> file.getFileName().toString().startsWith(MICRODESCS))
                .collect(Collectors.toList());
            for (Path cache : caches) {
                microdescriptors += count(cache, "ntor-onion-key");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dataDirectory, e);
        }
        return new MicrodescCache(relays, microdescriptors);
    }

    private static int count(Path file, String linePrefix) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return (int) lines.filter(line -> line.startsWith(linePrefix)).count();
        } catch (IOException | UncheckedIOException e) {
            // Not written yet, or replaced while we read it: the next poll sees the new file.
            return 0;
        }
    }

    boolean covers(int relayCount) {
        return relays >= relayCount && microdescriptors >= relayCount;
    }

    /** The condition awaited, for timeout messages. */
    static String condition(int relayCount) {
        return CONSENSUS + " listing " + relayCount + " relays and " + MICRODESCS + "* with "
            + relayCount + " microdescriptors";
    }

    @Override
    public String toString() {
        return CONSENSUS + " lists " + relays + " relays, " + MICRODESCS + "* hold " + microdescriptors
            + " microdescriptors";
    }
}
