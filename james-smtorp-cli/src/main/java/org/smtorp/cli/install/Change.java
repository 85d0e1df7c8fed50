/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.util.Optional;

/**
 * One thing install does to a James home: what it is, for the operator, and doing it in two
 * steps, so that a failure (a full disk, a folder it may not write) leaves the home as it was:
 * {@link #stage} writes everything that needs space beside the file James reads, and
 * {@link #commit} only renames.
 */
interface Change {
    /** The file, relative to JAMES_HOME. */
    String path();

    /** What changes, in a few words. */
    String summary();

    /** The lines that change, for {@code --dry-run}; secrets left out. */
    Optional<String> diff();

    /** Writes the new file and the backup beside the file James reads; that one is unchanged. */
    void stage(Backups backups) throws IOException;

    /** Puts the staged file in place: renames only. */
    void commit(Backups backups) throws IOException;

    /** Removes what {@link #stage} wrote, after a failure of this or another change. */
    void abort() throws IOException;
}
