/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.nio.file.Files;
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
 * loads every file under {@code extensions-jars/}, whatever its name.
 */
final class Backups {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    static final String SUFFIX = ".smtorp-backup-";

    private final Path home;
    private final String stamp;
    private final List<Path> made = new ArrayList<>();

    Backups(Path home, Instant now) {
        this.home = home;
        this.stamp = STAMP.format(now);
    }

    /** Copies a configuration file (its permissions too: it may hold a secret) before it changes. */
    Path keepConf(Path file) throws IOException {
        Path backup = file.resolveSibling(file.getFileName() + SUFFIX + stamp);
        Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
        made.add(backup);
        return backup;
    }

    /** Moves a jar out of {@code extensions-jars/}. */
    Path keepJar(Path jar) throws IOException {
        Path folder = Files.createDirectories(home.resolve(JamesHome.EXTENSIONS_JARS + SUFFIX + stamp));
        Path backup = folder.resolve(jar.getFileName().toString());
        Files.move(jar, backup, StandardCopyOption.REPLACE_EXISTING);
        made.add(backup);
        return backup;
    }

    List<Path> made() {
        return List.copyOf(made);
    }
}
