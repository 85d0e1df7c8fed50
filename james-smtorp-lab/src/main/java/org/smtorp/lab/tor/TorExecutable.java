/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code tor} and {@code tor-gencert} on the PATH. Debian installs {@code tor} in
 * {@code /usr/sbin}, which only root's PATH has, so that folder is tried last.
 */
public final class TorExecutable {
    private static final String DEBIAN_TOR_FOLDER = "/usr/sbin";

    private TorExecutable() {
    }

    public static String tor() {
        return find("tor");
    }

    static String torGencert() {
        return find("tor-gencert");
    }

    private static String find(String name) {
        List<String> folders = new ArrayList<>();
        Optional.ofNullable(System.getenv("PATH"))
            .ifPresent(path -> folders.addAll(List.of(path.split(File.pathSeparator))));
        folders.add(DEBIAN_TOR_FOLDER);
        for (String folder : folders) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(folder, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new TorNetworkException(name + " is neither on the PATH nor in " + DEBIAN_TOR_FOLDER
            + "; install Debian's tor package: apt-get install -y tor");
    }
}
