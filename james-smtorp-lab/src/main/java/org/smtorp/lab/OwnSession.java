/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command line run in a session of its own ({@code setsid}, util-linux), so that a
 * terminal's Ctrl-C, which goes to every process of its foreground process group, does not
 * reach it: the process that started it ends it, in its order and with its deadline (the
 * demo stops its James servers before the tors they use). {@code setsid} executes the
 * command in place, so the {@link Process} is the command's own, with its PID. Without
 * {@code setsid} the command runs as it is.
 */
public final class OwnSession {
    private static final Optional<String> SETSID = find();

    private OwnSession() {
    }

    public static List<String> command(List<String> command) {
        List<String> full = new ArrayList<>();
        SETSID.ifPresent(full::add);
        full.addAll(command);
        return full;
    }

    private static Optional<String> find() {
        List<String> folders = new ArrayList<>(List.of("/usr/bin", "/bin"));
        Optional.ofNullable(System.getenv("PATH"))
            .ifPresent(path -> folders.addAll(List.of(path.split(File.pathSeparator))));
        for (String folder : folders) {
            Path candidate = folder.isEmpty() ? null : Paths.get(folder, "setsid");
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
