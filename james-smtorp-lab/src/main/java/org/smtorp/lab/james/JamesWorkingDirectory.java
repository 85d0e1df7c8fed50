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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.smtorp.lab.Directories;

/**
 * Lays out a James working directory: {@code conf/} from configuration layers (a later
 * layer's file replaces an earlier one of the same name), {@code extensions-jars/} from a drop-in set,
 * and {@code var/}. Configuration files may name values with {@code {{name}}}; every
 * name must be given, so a forgotten port fails here instead of in James.
 */
public final class JamesWorkingDirectory {
    private static final String MEMORY_BASE = "memory-base/";
    private static final List<String> MEMORY_BASE_FILES = List.of("smtpserver.xml", "mailetcontainer.xml",
        "domainlist.xml", "jmx.properties", "extensions.properties", "logback.xml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}");

    private final Path root;
    private final Map<String, byte[]> confFiles;
    private final Map<String, String> values;
    private final Optional<Path> extensionsJars;
    private final boolean ownerOnly;
    private final boolean laidOut;

    private JamesWorkingDirectory(Path root, Map<String, byte[]> confFiles, Map<String, String> values,
                                  Optional<Path> extensionsJars, boolean ownerOnly, boolean laidOut) {
        this.root = root;
        this.confFiles = Map.copyOf(confFiles);
        this.values = Map.copyOf(values);
        this.extensionsJars = extensionsJars;
        this.ownerOnly = ownerOnly;
        this.laidOut = laidOut;
    }

    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /**
     * A James home an administrator (or {@code smtorp install}) has laid out already: started as
     * it is, never rewritten.
     */
    public static JamesWorkingDirectory existing(Path root) {
        if (!Files.isDirectory(root.resolve("conf"))) {
            throw new IllegalArgumentException(root + " has no conf/: not a James home");
        }
        return new JamesWorkingDirectory(root, Map.of(), Map.of(), Optional.empty(), false, true);
    }

    public static final class Builder {
        private final Path root;
        private final Map<String, byte[]> confFiles = new LinkedHashMap<>();
        private final Map<String, String> values = new LinkedHashMap<>();
        private Optional<Path> extensionsJars = Optional.empty();
        private boolean ownerOnly;

        private Builder(Path root) {
            this.root = root;
        }

        /** The lab's base configuration of the memory server: plain SMTP on {@code {{port.smtp}}} for {@code {{domain}}}. */
        public Builder memoryServerBase() {
            for (String name : MEMORY_BASE_FILES) {
                try (InputStream in = JamesWorkingDirectory.class.getResourceAsStream(MEMORY_BASE + name)) {
                    confFiles.put(name, Objects.requireNonNull(in, MEMORY_BASE + name).readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return this;
        }

        /** Adds a folder of configuration files; its files replace same-named files of earlier layers. */
        public Builder confLayer(Path folder) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("configuration layer " + folder + " is not a directory");
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    confFiles.put(folder.relativize(file).toString(), Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read configuration layer " + folder, e);
            }
            return this;
        }

        /** Adds or replaces one configuration file. */
        public Builder confFile(String name, String content) {
            confFiles.put(name, content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Builder value(String name, Object value) {
            values.put(name, String.valueOf(value));
            return this;
        }

        public Builder extensionsJars(Path folder) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("extensions-jars " + folder
                    + " is not a directory: run mvn package to build the drop-in set");
            }
            this.extensionsJars = Optional.of(folder);
            return this;
        }

        /** The directory and {@code conf/} owner-only, for configuration that holds secrets (a key store password). */
        public Builder ownerOnly() {
            this.ownerOnly = true;
            return this;
        }

        public JamesWorkingDirectory build() {
            if (confFiles.isEmpty()) {
                throw new IllegalStateException("a James working directory needs configuration files");
            }
            return new JamesWorkingDirectory(root, confFiles, values, extensionsJars, ownerOnly, false);
        }
    }

    public Path root() {
        return root;
    }

    public Path conf() {
        return root.resolve("conf");
    }

    /** Writes the directory; an existing one is replaced, so every start begins from the layers (an {@link #existing} one is kept). */
    Path create() {
        if (laidOut) {
            return root;
        }
        try {
            Directories.deleteRecursively(root);
            if (ownerOnly) {
                Directories.createPrivate(root);
                Directories.createPrivate(conf());
            }
            Files.createDirectories(conf());
            Files.createDirectories(root.resolve("var"));
            Path jars = Files.createDirectories(root.resolve("extensions-jars"));
            for (Map.Entry<String, byte[]> file : confFiles.entrySet()) {
                writeConf(file.getKey(), file.getValue());
            }
            if (extensionsJars.isPresent()) {
                try (Stream<Path> files = Files.list(extensionsJars.get())) {
                    for (Path jar : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                        Files.copy(jar, jars.resolve(jar.getFileName()));
                    }
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not lay out James working directory " + root, e);
        }
    }

    private void writeConf(String name, byte[] content) throws IOException {
        Path target = conf().resolve(name);
        Files.createDirectories(target.getParent());
        if (isText(target)) {
            Files.writeString(target, substitute(name, new String(content, StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        } else {
            Files.write(target, content);
        }
        if (ownerOnly) {
            Directories.makeOwnerOnly(target);
        }
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".xml") || name.endsWith(".properties") || name.endsWith(".conf");
    }

    private String substitute(String source, String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalStateException(source + " needs a value for {{" + name + "}}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
