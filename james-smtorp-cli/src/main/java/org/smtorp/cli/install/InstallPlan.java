/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Everything install changes in one James home, applied together, and notes for the operator. */
final class InstallPlan {
    private final JamesHome home;
    private final List<Change> changes;
    private final List<String> notes;
    private final String domain;

    InstallPlan(JamesHome home, List<Change> changes, List<String> notes, String domain) {
        this.home = home;
        this.changes = List.copyOf(changes);
        this.notes = List.copyOf(notes);
        this.domain = domain;
    }

    List<Change> changes() {
        return changes;
    }

    List<String> notes() {
        return notes;
    }

    String domain() {
        return domain;
    }

    boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * Applies every change, each changed file's old version kept; the backups made. Every new file
     * and backup is written first: if one fails (a full disk, a folder install may not write),
     * nothing James reads has changed, what was written is removed, and the IOException says so.
     * Then the files are renamed into place.
     */
    List<Path> apply(Instant now) throws IOException {
        Backups backups = new Backups(home.root(), now);
        List<Change> staged = new ArrayList<>();
        try {
            for (Change change : changes) {
                staged.add(change);
                change.stage(backups);
            }
        } catch (IOException | RuntimeException e) {
            for (Change change : staged) {
                try {
                    change.abort();
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            backups.discard();
            throw new IOException("could not write " + staged.get(staged.size() - 1).path() + " (" + e + ");"
                + " nothing was changed", e);
        }
        for (Change change : changes) {
            change.commit(backups);
        }
        return backups.made();
    }

    JamesHome home() {
        return home;
    }
}
