/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.address.SmtorpAddress;

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

    @Test
    void openingShouldNameTheFileAndLineOfABrokenEntry() throws IOException {
        Files.writeString(directory.resolve(AnnouncedAddresses.FILE),
            "# comment\nalice@example.org\tnot-an-onion@example.org\t2026-03-02T09:00:00Z\tDKIM\n");

        assertThatThrownBy(() -> AnnouncedAddresses.in(directory))
            .isInstanceOf(IOException.class)
            .hasMessageContaining(AnnouncedAddresses.FILE + " line 2: SMTorP address \"not-an-onion@example.org\"");
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
