/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;

/** An identity file that exists but can not be used: wrong format, wrong key, too open. */
public final class InvalidIdentityException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    InvalidIdentityException(Path file, String detail) {
        super(file + ": " + detail);
        this.file = requireNonNull(file, "file");
    }

    InvalidIdentityException(Path file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = requireNonNull(file, "file");
    }

    /** The file or directory at fault. */
    public Path file() {
        return file;
    }
}
