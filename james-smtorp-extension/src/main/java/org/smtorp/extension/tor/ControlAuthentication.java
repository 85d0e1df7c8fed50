/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** How we authenticate to a tor control port: its cookie file, or a password. Never logged. */
public final class ControlAuthentication {
    private final Optional<Path> cookieFile;
    private final Optional<String> password;

    private ControlAuthentication(Optional<Path> cookieFile, Optional<String> password) {
        this.cookieFile = cookieFile;
        this.password = password;
    }

    public static ControlAuthentication cookie(Path cookieFile) {
        return new ControlAuthentication(Optional.of(cookieFile), Optional.empty());
    }

    public static ControlAuthentication password(String password) {
        return new ControlAuthentication(Optional.empty(), Optional.of(password));
    }

    /** What {@code AUTHENTICATE} sends, hex-encoded by jtorctl: the cookie's bytes, or the password's. */
    byte[] secret() throws IOException {
        if (cookieFile.isPresent()) {
            return Files.readAllBytes(cookieFile.get());
        }
        return password.orElseThrow().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof ControlAuthentication)) {
            return false;
        }
        ControlAuthentication that = (ControlAuthentication) o;
        return cookieFile.equals(that.cookieFile) && password.equals(that.password);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(cookieFile, password);
    }

    @Override
    public String toString() {
        return cookieFile.map(file -> "cookie " + file).orElse("password (redacted)");
    }
}
