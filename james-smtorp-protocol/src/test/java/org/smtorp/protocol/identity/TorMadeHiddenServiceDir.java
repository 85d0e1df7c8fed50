/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The key files that tor 0.4.9.11 wrote for a throwaway service
 * ({@code tor --HiddenServiceDir H --DisableNetwork 1}), kept as test
 * resources under {@code identity/tor-made/}.
 */
final class TorMadeHiddenServiceDir {
    static final String HOSTNAME = "q2dta76bf4zvnstnaniof5ecxenkziycnvenqnfd5hr26w7ol6cedsid.onion";
    static final List<String> FILES = List.of(
        HiddenServiceDir.SECRET_KEY_FILE, HiddenServiceDir.PUBLIC_KEY_FILE, HiddenServiceDir.HOSTNAME_FILE);

    private TorMadeHiddenServiceDir() {
    }

    static byte[] bytes(String file) {
        try (InputStream in = TorMadeHiddenServiceDir.class.getResourceAsStream("tor-made/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource tor-made/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy with the permissions tor gives it (git keeps none). */
    static Path copyTo(Path directory) throws IOException {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.DIRECTORY));
        for (String file : FILES) {
            OwnerOnlyFiles.write(directory.resolve(file), bytes(file));
        }
        return directory;
    }
}
