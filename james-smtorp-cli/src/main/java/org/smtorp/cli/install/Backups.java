/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where install keeps the files it changes or removes, one name per run: a configuration file
 * next to itself as {@code FILE.smtorp-backup-<UTC time>}; a jar outside
 * {@code extensions-jars/}, in {@code extensions-jars.smtorp-backup-<UTC time>/}, because James
 * loads every file under {@code extensions-jars/}, whatever its name. A name taken already (two
 * runs in one second) gets {@code -2}, {@code -3}...: a backup never replaces an older one.
 */
final class Backups {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final String SUFFIX = ".smtorp-backup-";

    private final Path home;
    private final String stamp;
    private final List<Path> made = new ArrayList<>();
    private Path jarFolder;

    Backups(Path home, Instant now) {
        this.home = home;
        this.stamp = STAMP.format(now);
    }

    /** Copies a configuration file (its permissions too: it may hold a secret) before it changes. */
    Path keepConf(Path file) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path backup = file.resolveSibling(file.getFileName() + SUFFIX + stamp + (attempt == 1 ? "" : "-" + attempt));
            try {
                Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES);
                made.add(backup);
                return backup;
            } catch (FileAlreadyExistsException e) {
                // a backup of an earlier run in the same second: keep it, try the next name
            }
        }
    }

    /** Moves a jar out of {@code extensions-jars/}. */
    Path keepJar(Path jar) throws IOException {
        if (jarFolder == null) {
            jarFolder = newFolder();
        }
        Path backup = jarFolder.resolve(jar.getFileName().toString());
        Files.move(jar, backup);
        made.add(backup);
        return backup;
    }

    private Path newFolder() throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path folder = home.resolve(JamesHome.EXTENSIONS_JARS + SUFFIX + stamp + (attempt == 1 ? "" : "-" + attempt));
            if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                return Files.createDirectory(folder);
            }
        }
    }

    /** Deletes the backups made so far: the run changed nothing, so they keep nothing. */
    void discard() throws IOException {
        for (Path backup : made) {
            Files.deleteIfExists(backup);
        }
        made.clear();
    }

    List<Path> made() {
        return List.copyOf(made);
    }
}
