/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A James server's home (its working directory, {@code -Dworking.directory}): {@code conf/}
 * and {@code extensions-jars/}. Refused unless {@code conf/} is there.
 */
final class JamesHome {
    static final String CONF = "conf";
    static final String EXTENSIONS_JARS = "extensions-jars";

    private final Path root;

    private JamesHome(Path root) {
        this.root = root;
    }

    static JamesHome of(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute.resolve(CONF))) {
            throw new InstallRefusal(absolute + " is not a James home: it has no conf/ directory");
        }
        return new JamesHome(absolute);
    }

    Path root() {
        return root;
    }

    Path conf(String name) {
        return root.resolve(CONF).resolve(name);
    }

    Path extensionsJars() {
        return root.resolve(EXTENSIONS_JARS);
    }

    /** A path as the operator reads it: relative to the home. */
    String relative(Path file) {
        return root.relativize(file).toString();
    }

    /** A conf file's text, if it exists; a file that is not UTF-8 is refused, naming it. */
    Optional<String> confText(String name) throws IOException {
        Path file = conf(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString());
        } catch (CharacterCodingException e) {
            throw new InstallRefusal(relative(file) + " is not UTF-8 text: install would not keep its bytes");
        }
    }
}
