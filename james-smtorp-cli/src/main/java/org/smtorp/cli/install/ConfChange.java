/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A configuration file of the James home, written anew or changed: the old one kept as a
 * backup, the new one written beside it and moved into place, so James never reads half a file.
 */
final class ConfChange implements Change {
    private final JamesHome home;
    private final String name;
    private final Optional<String> before;
    private final String after;
    private final String summary;
    private final boolean ownerOnly;
    private final List<String> secrets;

    private ConfChange(JamesHome home, String name, Optional<String> before, String after, String summary,
                       boolean ownerOnly, List<String> secrets) {
        this.home = home;
        this.name = name;
        this.before = before;
        this.after = after;
        this.summary = summary;
        this.ownerOnly = ownerOnly;
        this.secrets = List.copyOf(secrets);
    }

    static ConfChange of(JamesHome home, String name, Optional<String> before, String after, String summary) {
        return new ConfChange(home, name, before, after, summary, false, List.of());
    }

    /** The file holds {@code secret}: written owner-only, and the secret never shown. */
    ConfChange holding(String secret) {
        return new ConfChange(home, name, before, after, summary, true, List.of(secret));
    }

    String after() {
        return after;
    }

    @Override
    public String path() {
        return JamesHome.CONF + "/" + name;
    }

    @Override
    public String summary() {
        return (before.isPresent() ? "" : "new file: ") + summary + (ownerOnly ? " (owner-only: it holds a secret)" : "");
    }

    @Override
    public Optional<String> diff() {
        if (before.isEmpty()) {
            // A whole new file: its name says it all, and it is there to read afterwards.
            return Optional.empty();
        }
        String diff = LineDiff.of(before.get(), after);
        for (String secret : secrets) {
            diff = diff.replace(secret, "(secret)");
        }
        return Optional.of(diff);
    }

    @Override
    public void apply(Backups backups) throws IOException {
        Path file = home.conf(name);
        Path written = file.resolveSibling("." + name + ".smtorp-new");
        Files.deleteIfExists(written);
        if (ownerOnly) {
            Files.createFile(written, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else if (Files.exists(file)) {
            Files.copy(file, written, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(written, after, StandardCharsets.UTF_8);
        if (Files.exists(file)) {
            backups.keepConf(file);
        }
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
