/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.util.Optional;

/** One thing install does to a James home: what it is, for the operator, and doing it. */
interface Change {
    /** The file, relative to JAMES_HOME. */
    String path();

    /** What changes, in a few words. */
    String summary();

    /** The lines that change, for {@code --dry-run}; secrets left out. */
    Optional<String> diff();

    void apply(Backups backups) throws IOException;
}
