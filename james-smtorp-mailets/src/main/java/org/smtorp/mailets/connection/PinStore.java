/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.OwnerOnlyFiles;

/**
 * Trust-on-first-use pins: one file per onion ({@code <service id>.pin}) holding the full
 * fingerprint of the key first seen there. Written to a temporary file and moved into place,
 * so a crash leaves either no pin or a whole one. The file names list the onions we mail, so
 * the directory is rwx------ and every file rw------- from the moment it exists.
 */
public final class PinStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(PinStore.class);

    private final Path directory;

    private PinStore(Path directory) {
        this.directory = directory;
    }

    /** @throws UncheckedIOException when an existing directory open to others cannot be made owner-only */
    public static PinStore in(Path directory) {
        requireNonNull(directory, "directory");
        try {
            if (OwnerOnlyFiles.tighten(directory)) {
                LOGGER.info("Pin directory {} was open to group or others; made it owner-only (700)", directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the pin directory " + directory + " owner-only", e);
        }
        return new PinStore(directory);
    }

    public synchronized Optional<Fingerprint> pinOf(OnionAddress onion) {
        Path file = fileOf(onion);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Fingerprint.parse(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pin of " + onion.asString(), e);
        }
    }

    /** Records {@code fingerprint} unless the onion already has a pin; answers the pin in force. */
    public synchronized Fingerprint pinIfAbsent(OnionAddress onion, Fingerprint fingerprint) {
        Optional<Fingerprint> existing = pinOf(onion);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            OwnerOnlyFiles.createDirectories(directory);
            Path temporary = OwnerOnlyFiles.createTempFile(directory, onion.serviceId(), ".tmp");
            try {
                Files.writeString(temporary, fingerprint.asString() + "\n", StandardCharsets.US_ASCII);
                Files.move(temporary, fileOf(onion), StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return fingerprint;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the pin of " + onion.asString(), e);
        }
    }

    private Path fileOf(OnionAddress onion) {
        return directory.resolve(onion.serviceId() + ".pin");
    }

    @Override
    public String toString() {
        return "PinStore " + directory;
    }
}
