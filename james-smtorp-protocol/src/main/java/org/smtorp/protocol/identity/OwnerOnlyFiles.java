/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner can read: directories rwx------, files rw-------, set
 * when they are created, so a secret is never readable by others, not even for
 * an instant. Tor refuses a HiddenServiceDir that others can enter; the delivery
 * side keeps its pins this way too (their names list the onions we mail). On file
 * systems without POSIX permissions the platform defaults apply.
 */
public final class OwnerOnlyFiles {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    // Identity files are a few hundred bytes; refuse to slurp a device or a mistake.
    private static final long MAX_SIZE = 64 * 1024;

    private OwnerOnlyFiles() {
    }

    /** Creates the directory and missing parents as rwx------; an existing directory is left as it is. */
    public static void createDirectories(Path directory) throws IOException {
        if (isPosix(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** A new empty rw------- file in {@code directory}, to be written and moved into place. */
    public static Path createTempFile(Path directory, String prefix, String suffix) throws IOException {
        return Files.createTempFile(directory, prefix, suffix, attributes(directory, FILE));
    }

    /** Makes an existing directory that its group or others may enter rwx------; answers whether it did. */
    public static boolean tighten(Path directory) throws IOException {
        if (!isPosix(directory) || !Files.isDirectory(directory)
            || Files.getPosixFilePermissions(directory).stream().noneMatch(SHARED::contains)) {
            return false;
        }
        Files.setPosixFilePermissions(directory, DIRECTORY);
        return true;
    }

    /** Writes a new file as rw-------; fails if it exists. */
    static void write(Path file, byte[] content) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file, EnumSet.of(CREATE_NEW, WRITE),
            attributes(file, FILE))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_SIZE) {
            throw new InvalidIdentityException(file, "has " + size + " bytes, an identity file is far smaller");
        }
        return Files.readAllBytes(file);
    }

    /** Refuses a file or directory that its group or others may read, write or enter. */
    static void checkOwnerOnly(Path path) throws IOException {
        if (!isPosix(path)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        if (permissions.stream().anyMatch(SHARED::contains)) {
            String wanted = Files.isDirectory(path) ? "700" : "600";
            throw new InvalidIdentityException(path, "is open to group or others ("
                + PosixFilePermissions.toString(permissions) + "); chmod " + wanted + " it");
        }
    }

    private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
        return isPosix(path)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
            : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
