/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;

import org.apache.james.filesystem.api.FileSystem;

/** James's FileSystem as our handlers use it: only its working directory. */
final class TestFileSystem implements FileSystem {
    private final Path root;

    private TestFileSystem(Path root) {
        this.root = root;
    }

    static FileSystem at(Path workingDirectory) {
        return new TestFileSystem(workingDirectory);
    }

    @Override
    public InputStream getResource(String url) {
        throw new UnsupportedOperationException(url);
    }

    @Override
    public File getFile(String fileURL) {
        throw new UnsupportedOperationException(fileURL);
    }

    @Override
    public File getBasedir() {
        return root.toFile();
    }
}
