/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars SMTorP adds to James ({@code james-smtorp-extension/target/extensions-jars/}) and
 * what copying them into a home changes. An older version of one of ours
 * ({@code james-smtorp-*}, another version) is moved out; another version of a library we
 * ship (jtorctl, zxing) is left where it is and named in a warning, as another extension may
 * need it.
 */
final class DropInSet {
    private static final String OURS = "james-smtorp-";
    // artifact-1.2.3.jar, artifact-0.1.0-SNAPSHOT.jar: the artifact is what comes before the version.
    private static final Pattern VERSIONED = Pattern.compile("^(.+?)-(\\d[^-]*(?:-SNAPSHOT)?)\\.jar$");

    private final Path folder;
    private final List<Path> jars;

    private DropInSet(Path folder, List<Path> jars) {
        this.folder = folder;
        this.jars = List.copyOf(jars);
    }

    static DropInSet of(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new InstallRefusal("no drop-in set in " + folder + ": build it with mvn package, or give --jars DIR");
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted()
                .collect(Collectors.toList());
            if (jars.stream().noneMatch(jar -> jar.getFileName().toString().startsWith(OURS))) {
                throw new InstallRefusal(folder + " is not SMTorP's drop-in set: it has no " + OURS + "*.jar");
            }
            return new DropInSet(folder, jars);
        }
    }

    Path folder() {
        return folder;
    }

    /** What copying the set into {@code home} changes, and warnings about jars it leaves alone. */
    List<Change> changes(JamesHome home, List<String> warnings) throws IOException {
        List<Path> present = present(home.extensionsJars());
        List<Change> changes = new ArrayList<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            Path target = home.extensionsJars().resolve(name);
            boolean exists = Files.exists(target);
            if (!exists || !java.util.Arrays.equals(Files.readAllBytes(jar), Files.readAllBytes(target))) {
                changes.add(JarChange.copy(home, jar, exists));
            }
            Optional<String> artifact = artifact(name);
            for (Path other : present) {
                String otherName = other.getFileName().toString();
                if (otherName.equals(name) || artifact.isEmpty() || !artifact.equals(artifact(otherName))) {
                    continue;
                }
                if (name.startsWith(OURS)) {
                    changes.add(JarChange.removal(home, other, name));
                } else {
                    warnings.add(home.relative(other) + " is another version of " + name
                        + ", which SMTorP ships: left in place; remove it unless another extension needs it");
                }
            }
        }
        return changes;
    }

    private static List<Path> present(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    static Optional<String> artifact(String jarName) {
        Matcher matcher = VERSIONED.matcher(jarName);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    @Override
    public String toString() {
        return folder + " " + Arrays.toString(jars.stream().map(Path::getFileName).toArray());
    }
}
