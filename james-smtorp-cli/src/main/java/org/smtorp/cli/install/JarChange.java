/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** A jar of the drop-in set copied into {@code extensions-jars/}, or an older one of ours moved out. */
final class JarChange implements Change {
    private final JamesHome home;
    private final Optional<Path> source;
    private final Path target;
    private final String summary;

    private JarChange(JamesHome home, Optional<Path> source, Path target, String summary) {
        this.home = home;
        this.source = source;
        this.target = target;
        this.summary = summary;
    }

    static JarChange copy(JamesHome home, Path source, boolean replaces) {
        return new JarChange(home, Optional.of(source), home.extensionsJars().resolve(source.getFileName().toString()),
            replaces ? "replaced by the drop-in set's (another build)" : "copied from the drop-in set");
    }

    static JarChange removal(JamesHome home, Path older, String newer) {
        return new JarChange(home, Optional.empty(), older, "removed: an older version of " + newer);
    }

    @Override
    public String path() {
        return home.relative(target);
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public Optional<String> diff() {
        return Optional.empty();
    }

    // Beside the target, for an atomic rename; a dot name, and there only between stage and commit or abort.
    private Path staged() {
        return target.resolveSibling("." + target.getFileName() + ".smtorp-new");
    }

    @Override
    public void stage(Backups backups) throws IOException {
        if (source.isPresent()) {
            Files.createDirectories(target.getParent());
            Files.copy(source.get(), staged(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void commit(Backups backups) throws IOException {
        if (Files.exists(target)) {
            backups.keepJar(target);
        }
        if (source.isPresent()) {
            Files.move(staged(), target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Override
    public void abort() throws IOException {
        if (source.isPresent()) {
            Files.deleteIfExists(staged());
        }
    }
}
