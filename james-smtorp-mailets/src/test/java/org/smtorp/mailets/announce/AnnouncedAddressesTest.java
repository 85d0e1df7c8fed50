/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.smtorp.protocol.address.SmtorpAddress;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class AnnouncedAddressesTest {
    static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    static final String FINGERPRINT = "abcdefghijklmnopqrstuvwxyz234567";
    private static final Instant WHEN = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path directory;

    static AnnouncedAddress entry(String address, String smtorpAddress) throws Exception {
        return AnnouncedAddress.of(new MailAddress(address), SmtorpAddress.parse(smtorpAddress), WHEN,
            "DKIM pass for example.org");
    }

    @Test
    void anEntryShouldSurviveReopening() throws Exception {
        AnnouncedAddress alice = entry("alice@example.org", "alice@" + FINGERPRINT + "." + ONION);
        AnnouncedAddresses.in(directory).record(alice);

        assertThat(AnnouncedAddresses.in(directory).lookup(new MailAddress("alice@example.org"))).contains(alice);
    }

    @Test
    void lookupShouldIgnoreTheCaseOfTheDomain() throws Exception {
        AnnouncedAddresses store = AnnouncedAddresses.in(directory);
        store.record(entry("alice@Example.ORG", "alice@" + ONION));

        assertThat(store.lookup(new MailAddress("alice@example.org"))).isPresent();
    }

    @Test
    void recordShouldReplaceTheEntryOfTheSameAddress() throws Exception {
        AnnouncedAddresses store = AnnouncedAddresses.in(directory);
        store.record(entry("alice@example.org", "alice@" + ONION));
        AnnouncedAddress newer = entry("alice@example.org", "alice2@" + ONION);
        store.record(newer);

        assertThat(AnnouncedAddresses.in(directory).list()).containsExactly(newer);
    }

    @Test
    void removeShouldForgetTheEntryAcrossReopening() throws Exception {
        AnnouncedAddresses store = AnnouncedAddresses.in(directory);
        store.record(entry("alice@example.org", "alice@" + ONION));
        store.record(entry("bob@example.org", "bob@" + ONION));

        assertThat(store.remove(new MailAddress("alice@example.org"))).isTrue();
        assertThat(AnnouncedAddresses.in(directory).list()).extracting(e -> e.address().asString())
            .containsExactly("bob@example.org");
    }

    @Test
    void removeShouldAnswerFalseForAnUnknownAddress() throws Exception {
        assertThat(AnnouncedAddresses.in(directory).remove(new MailAddress("nobody@example.org"))).isFalse();
    }

    @Test
    void theDirectoryAndFileShouldBeTheOwnersOnly() throws Exception {
        Path store = directory.resolve("announced");
        AnnouncedAddresses.in(store).record(entry("alice@example.org", "alice@" + ONION));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.resolve(AnnouncedAddresses.FILE))))
            .isEqualTo("rw-------");
        try (var files = Files.list(store)) {
            assertThat(files).extracting(file -> file.getFileName().toString())
                .containsExactly(AnnouncedAddresses.FILE);
        }
    }

    // Issue 13: one damaged line used to stop James at start-up.
    @Test
    void openingShouldSkipEachDamagedLineWithAWarningNamingTheFileAndLine() throws Exception {
        Path file = directory.resolve(AnnouncedAddresses.FILE);
        String good = entry("alice@example.org", "alice@" + ONION).asString();
        String alsoGood = entry("bob@example.org", "bob@" + ONION).asString();
        Files.writeString(file, "# comment\n"
            + good + "\n"
            + "\"a\tb\"@attacker.example\talice@" + ONION + "\t2026-03-02T09:00:00Z\tDKIM\n"
            + "carol@example.org\tnot-an-onion@example.org\t2026-03-02T09:00:00Z\tDKIM\n"
            + "\n"
            + alsoGood + "\r\n");
        ListAppender<ILoggingEvent> log = capture();
        try {
            AnnouncedAddresses store = AnnouncedAddresses.in(directory);

            assertThat(store.list()).extracting(e -> e.address().asString())
                .containsExactly("alice@example.org", "bob@example.org");
        } finally {
            release(log);
        }
        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN)
            .extracting(ILoggingEvent::getFormattedMessage)
            .satisfiesExactly(
                line3 -> assertThat(line3).startsWith(file + " line 3 is damaged and was skipped: a line has 4 "
                    + "tab-separated fields"),
                line4 -> assertThat(line4).startsWith(file + " line 4 is damaged and was skipped: SMTorP address "
                    + "\"not-an-onion@example.org\""),
                copy -> assertThat(copy).isEqualTo(file + " had 2 damaged line(s), skipped; the file as it was is "
                    + "kept in " + directory.resolve(AnnouncedAddresses.DAMAGED_COPY)));
    }

    @Test
    void aDamagedFileShouldBeKeptBeforeTheNextChangeDropsItsDamagedLines() throws Exception {
        Path file = directory.resolve(AnnouncedAddresses.FILE);
        String damaged = "alice@example.org\tnot-an-onion@example.org\t2026-03-02T09:00:00Z\tDKIM\n";
        Files.writeString(file, damaged);

        AnnouncedAddresses.in(directory).record(entry("bob@example.org", "bob@" + ONION));

        Path copy = directory.resolve(AnnouncedAddresses.DAMAGED_COPY);
        assertThat(copy).hasContent(damaged.trim());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).doesNotContain("not-an-onion");
    }

    @Test
    void aLineThatIsNotUtf8ShouldBeSkipped() throws Exception {
        String good = entry("alice@example.org", "alice@" + ONION).asString() + "\n";
        byte[] notUtf8 = {'b', 'o', 'b', (byte) 0xff, '@', 'x', '\n'};
        Files.write(directory.resolve(AnnouncedAddresses.FILE),
            concat(good.getBytes(StandardCharsets.UTF_8), notUtf8));
        ListAppender<ILoggingEvent> log = capture();
        try {
            assertThat(AnnouncedAddresses.in(directory).list()).hasSize(1);
        } finally {
            release(log);
        }
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
            .anyMatch(line -> line.endsWith(" line 2 is damaged and was skipped: it is not UTF-8"));
    }

    @Test
    void aFileWithoutDamageShouldLogNothingAndKeepNoCopy() throws Exception {
        AnnouncedAddresses.in(directory).record(entry("alice@example.org", "alice@" + ONION));
        ListAppender<ILoggingEvent> log = capture();
        try {
            AnnouncedAddresses.in(directory);
        } finally {
            release(log);
        }
        assertThat(log.list).isEmpty();
        assertThat(directory.resolve(AnnouncedAddresses.DAMAGED_COPY)).doesNotExist();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(AnnouncedAddresses.class)).addAppender(log);
        return log;
    }

    private static void release(ListAppender<ILoggingEvent> log) {
        ((Logger) LoggerFactory.getLogger(AnnouncedAddresses.class)).detachAppender(log);
    }

    @Test
    void concurrentRecordsShouldAllBeKept() throws Exception {
        AnnouncedAddresses store = AnnouncedAddresses.in(directory);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String user = "user" + i;
                writes.add(pool.submit(() -> {
                    store.record(entry(user + "@example.org", user + "@" + ONION));
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(AnnouncedAddresses.in(directory).list()).hasSize(40);
    }
}
