/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.smtorp.protocol.pow.hashcash.FileSpentStampStore;
import org.smtorp.protocol.pow.hashcash.SpentStampStore;

/**
 * The spent-stamp files open in this James, one store per file. Each listener has
 * its own {@link XpowHandler}; when two name the same file they must share one
 * store, since a store keeps its stamps in memory and rewrites its file.
 */
@Singleton
final class SpentStampFiles {
    private final Map<Path, FileSpentStampStore> stores = new HashMap<>();

    @Inject
    SpentStampFiles() {
    }

    /** The store in {@code file}, opened (and its directories made) on first use. */
    synchronized SpentStampStore open(Path file, Clock clock) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        FileSpentStampStore store = stores.get(key);
        if (store == null) {
            store = FileSpentStampStore.open(key, clock);
            stores.put(key, store);
        }
        return store;
    }
}
