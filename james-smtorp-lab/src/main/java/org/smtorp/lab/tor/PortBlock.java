/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@value #SIZE} consecutive loopback ports held by this JVM until {@link #close()}. An OS
 * file lock in {@code /tmp/smtorp-ports/} keeps concurrent runs (another build, the demo)
 * off the block, and every port is bound once on 127.0.0.1 first, so ports that something
 * else holds are never handed out. The OS drops the lock when the JVM dies.
 */
public final class PortBlock implements AutoCloseable {
    public static final int SIZE = 16;

    // Below Linux's ephemeral range (32768-60999), so outgoing connections never sit on them.
    private static final int RANGE_START = 20000;
    private static final int RANGE_END = 32000;
    // Fixed rather than java.io.tmpdir: every JVM on the machine must agree on it.
    private static final Path LOCK_DIRECTORY = Paths.get("/tmp", "smtorp-ports");

    private final int first;
    private final FileChannel lockFile;

    private PortBlock(int first, FileChannel lockFile) {
        this.first = first;
        this.lockFile = lockFile;
    }

    /** Reserves a free block, starting the search at a random place so concurrent runs rarely contend. */
    public static PortBlock reserve() {
        try {
            Files.createDirectories(LOCK_DIRECTORY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + LOCK_DIRECTORY, e);
        }
        int blocks = (RANGE_END - RANGE_START) / SIZE;
        int start = ThreadLocalRandom.current().nextInt(blocks);
        for (int i = 0; i < blocks; i++) {
            Optional<PortBlock> block = tryReserve(RANGE_START + ((start + i) % blocks) * SIZE);
            if (block.isPresent()) {
                return block.get();
            }
        }
        throw new IllegalStateException("no free block of " + SIZE + " loopback ports in "
            + RANGE_START + "-" + (RANGE_END - 1));
    }

    private static Optional<PortBlock> tryReserve(int first) {
        Path path = LOCK_DIRECTORY.resolve(first + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock != null && allBindable(first)) {
                return Optional.of(new PortBlock(first, channel));
            }
        } catch (IOException e) {
            // An unusable lock file only costs us this block.
        }
        closeQuietly(channel);
        return Optional.empty();
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM holds the block already
        }
    }

    private static boolean allBindable(int first) {
        for (int port = first; port < first + SIZE; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(Loopback.port(port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing held
            }
        }
    }

    /** The port at {@code index}, 0 to {@value #SIZE} - 1. */
    public int port(int index) {
        return first + Objects.checkIndex(index, SIZE);
    }

    public int first() {
        return first;
    }

    /** Releases the block; a run that starts later may take it. */
    @Override
    public void close() {
        closeQuietly(lockFile);
    }

    @Override
    public String toString() {
        return "ports " + first + "-" + (first + SIZE - 1);
    }
}
