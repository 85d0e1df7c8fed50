/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

class PinStoreTest {
    static final OnionAddress ONION =
        OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    static final Fingerprint FIRST = Fingerprint.of(new byte[] {1, 2, 3});
    static final Fingerprint SECOND = Fingerprint.of(new byte[] {4, 5, 6});

    @Test
    void pinIfAbsentShouldKeepTheFirstKeySeen(@TempDir Path dir) {
        PinStore store = PinStore.in(dir);

        store.pinIfAbsent(ONION, FIRST);

        assertThat(store.pinIfAbsent(ONION, SECOND)).isEqualTo(FIRST);
    }

    @Test
    void pinsShouldSurviveANewStoreOnTheSameDirectory(@TempDir Path dir) {
        PinStore.in(dir).pinIfAbsent(ONION, FIRST);

        assertThat(PinStore.in(dir).pinOf(ONION)).contains(FIRST);
    }

    @Test
    void pinOfShouldBeEmptyForAnUnknownOnion(@TempDir Path dir) {
        assertThat(PinStore.in(dir).pinOf(ONION)).isEmpty();
    }

    @Test
    void pinIfAbsentShouldCreateTheDirectoryOnlyItsOwnerCanEnter(@TempDir Path dir) throws IOException {
        Path pins = dir.resolve("var/pins");

        PinStore.in(pins).pinIfAbsent(ONION, FIRST);

        assertThat(permissions(pins)).isEqualTo("rwx------");
        assertThat(permissions(pins.getParent())).isEqualTo("rwx------");
    }

    @Test
    void pinIfAbsentShouldWriteAPinFileOnlyItsOwnerCanRead(@TempDir Path dir) throws IOException {
        Path pins = dir.resolve("pins");

        PinStore.in(pins).pinIfAbsent(ONION, FIRST);

        assertThat(permissions(pins.resolve(ONION.serviceId() + ".pin"))).isEqualTo("rw-------");
    }

    @Test
    void inShouldTightenAnExistingDirectoryOthersCanEnter(@TempDir Path dir) throws IOException {
        Path pins = Files.createDirectory(dir.resolve("pins"));
        Files.setPosixFilePermissions(pins, PosixFilePermissions.fromString("rwxr-xr-x"));

        PinStore.in(pins);

        assertThat(permissions(pins)).isEqualTo("rwx------");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
