/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.james.core.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.connection.PeerText;
import org.smtorp.protocol.identity.OwnerOnlyFiles;

/**
 * The recorded announcements, one file {@value #FILE} in a directory under James's working
 * directory (default {@value #DEFAULT_DIRECTORY}): read once when opened, kept in memory,
 * and written whole on every change to a temporary file that is synced and then moved into
 * place, so a crash leaves the old file or the new one, never half of one. Directory and
 * file are readable by their owner only: who mails whom is private. One instance per
 * directory (the extension's Guice module shares it); its methods are thread safe.
 */
public final class AnnouncedAddresses {
    public static final String DEFAULT_DIRECTORY = "var/smtorp/announced";
    public static final String FILE = "announced.tsv";
    /** Where a file with damaged lines is copied when it is opened, before a change drops them. */
    public static final String DAMAGED_COPY = FILE + ".damaged";
    private static final Logger LOGGER = LoggerFactory.getLogger(AnnouncedAddresses.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int MAX_REASON = 300;
    private static final String HEADER = "# SMTorP addresses announced in authenticated mail (docs/announce.md):\n"
        + "# address <TAB> SMTorP address <TAB> recorded at <TAB> evidence\n";

    private final Path directory;
    // By address; sorted so that listings are stable.
    private final Map<String, AnnouncedAddress> entries;

    private AnnouncedAddresses(Path directory, Map<String, AnnouncedAddress> entries) {
        this.directory = directory;
        this.entries = entries;
    }

    /**
     * Opens the store in {@code directory}; it need not exist yet. A line that is not an
     * announcement (not UTF-8, not four fields, a field that does not parse, a control
     * character) is skipped with one WARN naming the file and line number: one damaged line
     * must not keep James from starting. The next change rewrites the file without it, so the
     * file as it was is first copied to {@value #DAMAGED_COPY} beside it.
     *
     * @throws IOException if the file exists and can not be read
     */
    public static AnnouncedAddresses in(Path directory) throws IOException {
        requireNonNull(directory, "directory");
        Map<String, AnnouncedAddress> entries = new TreeMap<>();
        Path file = directory.resolve(FILE);
        if (Files.exists(file)) {
            List<byte[]> lines = lines(Files.readAllBytes(file));
            int damaged = 0;
            for (int i = 0; i < lines.size(); i++) {
                Optional<String> problem = read(lines.get(i), entries);
                if (problem.isPresent()) {
                    damaged++;
                    LOGGER.warn("{} line {} is damaged and was skipped: {}", file, i + 1, problem.get());
                }
            }
            if (damaged > 0) {
                keepDamagedCopy(file, damaged);
            }
        }
        return new AnnouncedAddresses(directory, entries);
    }

    // Lines end with LF; a CR before it is dropped, any other CR stays and makes the line damaged.
    private static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
                if (i < content.length || end > start) {
                    lines.add(Arrays.copyOfRange(content, start, end));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    /** Adds the line's entry to {@code entries}; answers what is wrong with a damaged line. */
    private static Optional<String> read(byte[] bytes, Map<String, AnnouncedAddress> entries) {
        String line;
        try {
            line = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Optional.of("it is not UTF-8");
        }
        if (line.isBlank() || line.startsWith("#")) {
            return Optional.empty();
        }
        try {
            AnnouncedAddress entry = AnnouncedAddress.parse(line);
            entries.put(entry.address().asString(), entry);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(PeerText.printable(String.valueOf(e.getMessage()), MAX_REASON));
        }
    }

    private static void keepDamagedCopy(Path file, int damaged) {
        Path copy = file.resolveSibling(DAMAGED_COPY);
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, OWNER_ONLY);
            LOGGER.warn("{} had {} damaged line(s), skipped; the file as it was is kept in {}", file, damaged, copy);
        } catch (IOException | UnsupportedOperationException e) {
            LOGGER.warn("{} had {} damaged line(s), skipped; could not keep a copy in {} ({})", file, damaged, copy,
                e.getMessage());
        }
    }

    public synchronized Optional<AnnouncedAddress> lookup(MailAddress address) {
        requireNonNull(address, "address");
        return Optional.ofNullable(entries.get(AnnouncedAddress.key(address).asString()));
    }

    public synchronized List<AnnouncedAddress> list() {
        List<AnnouncedAddress> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparing(entry -> entry.address().asString()));
        return all;
    }

    /** Records an announcement, replacing the one for the same address. */
    public synchronized void record(AnnouncedAddress entry) {
        requireNonNull(entry, "entry");
        Optional<AnnouncedAddress> previous = Optional.ofNullable(entries.put(entry.address().asString(), entry));
        try {
            write();
        } catch (IOException e) {
            previous.ifPresentOrElse(old -> entries.put(old.address().asString(), old),
                () -> entries.remove(entry.address().asString()));
            throw new UncheckedIOException("cannot record an announcement in " + directory.resolve(FILE), e);
        }
    }

    /** Forgets the announcement for {@code address}; answers whether there was one. */
    public synchronized boolean remove(MailAddress address) {
        requireNonNull(address, "address");
        AnnouncedAddress removed = entries.remove(AnnouncedAddress.key(address).asString());
        if (removed == null) {
            return false;
        }
        try {
            write();
            return true;
        } catch (IOException e) {
            entries.put(removed.address().asString(), removed);
            throw new UncheckedIOException("cannot remove an announcement from " + directory.resolve(FILE), e);
        }
    }

    private void write() throws IOException {
        OwnerOnlyFiles.createDirectories(directory);
        Path temporary = OwnerOnlyFiles.createTempFile(directory, FILE, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                 Writer writer = Channels.newWriter(channel, UTF_8)) {
                writer.write(HEADER);
                for (AnnouncedAddress entry : list()) {
                    writer.write(entry.asString());
                    writer.write('\n');
                }
                writer.flush();
                channel.force(true);
            }
            Files.move(temporary, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String toString() {
        return "AnnouncedAddresses in " + directory;
    }
}
