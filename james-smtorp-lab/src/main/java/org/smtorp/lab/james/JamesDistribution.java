/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.james;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A James server build we can start as a child process: its class path and main class.
 * {@link #memoryServer()} is the James 3.8.1 memory server our build resolved.
 */
public final class JamesDistribution {
    private static final String MEMORY_SERVER_CLASSPATH = "james-memory-server.classpath";
    private static final String MEMORY_SERVER_MAIN = "org.apache.james.MemoryJamesServerMain";

    private final List<Path> classPath;
    private final String mainClass;

    private JamesDistribution(List<Path> classPath, String mainClass) {
        this.classPath = List.copyOf(classPath);
        this.mainClass = Objects.requireNonNull(mainClass);
    }

    public static JamesDistribution of(List<Path> classPath, String mainClass) {
        if (classPath.isEmpty()) {
            throw new IllegalArgumentException("a James class path needs at least one jar");
        }
        return new JamesDistribution(classPath, mainClass);
    }

    /** The memory server whose class path the james-smtorp-memory-server module wrote at build time. */
    public static JamesDistribution memoryServer() {
        try (InputStream in = JamesDistribution.class.getResourceAsStream(MEMORY_SERVER_CLASSPATH)) {
            if (in == null) {
                throw new IllegalStateException(MEMORY_SERVER_CLASSPATH
                    + " is missing from the class path: build james-smtorp-memory-server first");
            }
            List<Path> jars = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()
                    .split(java.io.File.pathSeparator))
                .map(Paths::get)
                .collect(Collectors.toList());
            List<Path> missing = jars.stream().filter(jar -> !Files.isRegularFile(jar)).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                throw new IllegalStateException(missing.size() + " James jars are missing, first " + missing.get(0)
                    + ": rebuild with mvn package so Maven fetches them again");
            }
            return of(jars, MEMORY_SERVER_MAIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Path> classPath() {
        return classPath;
    }

    public String mainClass() {
        return mainClass;
    }

    String classPathArgument() {
        return classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    @Override
    public String toString() {
        return mainClass + " (" + classPath.size() + " jars)";
    }
}
