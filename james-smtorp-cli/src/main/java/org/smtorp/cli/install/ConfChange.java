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
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A configuration file of the James home, written anew or changed: the old one kept as a
 * backup, the new one written beside it and moved into place, so James never reads half a file.
 * A file that is a symbolic link is refused: install would replace the link and leave the file
 * it points to (maybe outside the home) as it was.
 */
final class ConfChange implements Change {
    private final JamesHome home;
    private final String name;
    private final Optional<String> before;
    private final String after;
    private final String summary;
    private final boolean ownerOnly;
    private final List<String> secrets;
    private final List<String> secretKeys;

    private ConfChange(JamesHome home, String name, Optional<String> before, String after, String summary,
                       boolean ownerOnly, List<String> secrets, List<String> secretKeys) {
        this.home = home;
        this.name = name;
        this.before = before;
        this.after = after;
        this.summary = summary;
        this.ownerOnly = ownerOnly;
        this.secrets = List.copyOf(secrets);
        this.secretKeys = List.copyOf(secretKeys);
    }

    static ConfChange of(JamesHome home, String name, Optional<String> before, String after, String summary) {
        Path file = home.conf(name);
        if (Files.isSymbolicLink(file)) {
            String target;
            try {
                target = Files.readSymbolicLink(file).toString();
            } catch (IOException e) {
                target = "?";
            }
            throw new InstallRefusal(home.relative(file) + " is a symbolic link (to " + target + "): install would"
                + " replace the link by a file and leave " + target + " as it is; put a copy in place of the link,"
                + " or merge by hand");
        }
        return new ConfChange(home, name, before, after, summary, false, List.of(), List.of());
    }

    /** The file holds {@code secret}: written owner-only, and the secret never shown. */
    ConfChange holding(String secret) {
        List<String> more = new ArrayList<>(secrets);
        more.add(secret);
        return new ConfChange(home, name, before, after, summary, true, more, secretKeys);
    }

    /** A .properties file whose {@code key} is a secret: its value never shown; owner-only with {@code present}. */
    ConfChange holdingProperty(String key, boolean present) {
        List<String> more = new ArrayList<>(secretKeys);
        more.add(key);
        return new ConfChange(home, name, before, after, summary, ownerOnly || present, secrets, more);
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
        return (before.isPresent() ? "" : "new file: ") + summary
            + (ownerOnly ? " (owner-only: it holds a secret)" : "");
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
        for (String key : secretKeys) {
            // "+ key=value", "- key: value", "  key value" as LineDiff shows them
            diff = Pattern.compile("(?m)^([-+ ] \\s*" + Pattern.quote(key) + "(?:\\s*[=:]\\s*|\\s+)).*$")
                .matcher(diff).replaceAll("$1(secret)");
        }
        return Optional.of(diff);
    }

    private Path staged() {
        return home.conf("." + name + ".smtorp-new");
    }

    @Override
    public void stage(Backups backups) throws IOException {
        Path file = home.conf(name);
        Path written = staged();
        Files.deleteIfExists(written);
        boolean exists = Files.exists(file);
        if (ownerOnly) {
            Files.createFile(written, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            if (exists) {
                sameOwner(file, written);
            }
        } else if (exists) {
            Files.copy(file, written, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(written, after, StandardCharsets.UTF_8);
        if (exists) {
            backups.keepConf(file);
        }
    }

    @Override
    public void commit(Backups backups) throws IOException {
        Files.move(staged(), home.conf(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void abort() throws IOException {
        Files.deleteIfExists(staged());
    }

    // Owner-only, but the owner James runs as: `sudo smtorp install` must not leave James (another
    // user) a file it cannot read. Only root may give a file away; for anyone else this changes
    // nothing, as COPY_ATTRIBUTES does.
    private static void sameOwner(Path file, Path written) {
        try {
            PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class);
            PosixFileAttributeView view = Files.getFileAttributeView(written, PosixFileAttributeView.class);
            view.setGroup(old.group());
            view.setOwner(old.owner());
        } catch (IOException | UnsupportedOperationException e) {
            // not allowed: the file stays the installing user's, as any file it writes
        }
    }
}
