/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicrodescCacheTest {
    @TempDir
    Path dataDirectory;

    @Test
    void readShouldFindNothingBeforeTorWritesItsCache() {
        assertThat(MicrodescCache.read(dataDirectory).covers(1)).isFalse();
    }

    @Test
    void cacheShouldCoverTheRelaysWhenConsensusAndMicrodescriptorsListThemAll() throws IOException {
        consensus(3);
        Files.writeString(dataDirectory.resolve("cached-microdescs"), microdescriptors(2));
        Files.writeString(dataDirectory.resolve("cached-microdescs.new"), microdescriptors(1));

        assertThat(MicrodescCache.read(dataDirectory).covers(3)).isTrue();
    }

    @Test
    void cacheShouldNotCoverTheRelaysWhileAMicrodescriptorIsMissing() throws IOException {
        consensus(3);
        Files.writeString(dataDirectory.resolve("cached-microdescs.new"), microdescriptors(2));

        assertThat(MicrodescCache.read(dataDirectory).covers(3)).isFalse();
    }

    @Test
    void cacheShouldNotCoverTheRelaysWhileTheConsensusListsFewer() throws IOException {
        consensus(2);
        Files.writeString(dataDirectory.resolve("cached-microdescs"), microdescriptors(3));

        assertThat(MicrodescCache.read(dataDirectory).covers(3)).isFalse();
    }

    private void consensus(int relays) throws IOException {
        StringBuilder text = new StringBuilder("network-status-version 3 microdesc\n");
        for (int i = 0; i < relays; i++) {
            text.append("r relay").append(i).append(" AAAA 2026-11-29 15:35:20 127.0.0.1 2000").append(i)
                .append(" 0\nm AAAA\ns Fast Running Valid\n");
        }
        Files.writeString(dataDirectory.resolve("cached-microdesc-consensus"), text);
    }

    private static String microdescriptors(int count) {
        return "onion-key\nntor-onion-key AAAA=\nid ed25519 AAAA\n".repeat(count);
    }
}
