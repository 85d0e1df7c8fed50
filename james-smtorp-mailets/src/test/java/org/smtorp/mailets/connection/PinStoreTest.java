/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

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
}
