/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;


/**
 * The key files of a tor {@code HiddenServiceDir}, byte for byte as tor 0.4
 * writes them: {@code hs_ed25519_secret_key} (a 32-byte tag, then the 64-byte
 * expanded key), {@code hs_ed25519_public_key} (a 32-byte tag, then the key)
 * and {@code hostname}. Tor reads the secret key and derives the rest, so a
 * directory written here can be handed to tor as it is, and one tor made can
 * be read.
 */
public final class HiddenServiceDir {
    static final String SECRET_KEY_FILE = "hs_ed25519_secret_key";
    static final String PUBLIC_KEY_FILE = "hs_ed25519_public_key";
    static final String HOSTNAME_FILE = "hostname";

    // tor's crypto_write_tagged_contents_to_file: "== <type>: <tag> ==" padded with NULs to 32 bytes.
    private static final int TAG_LENGTH = 32;
    private static final byte[] SECRET_TAG = tag("== ed25519v1-secret: type0 ==");
    private static final byte[] PUBLIC_TAG = tag("== ed25519v1-public: type0 ==");
    private static final int PUBLIC_KEY_LENGTH = 32;

    private final Path path;

    private HiddenServiceDir(Path path) {
        this.path = path;
    }

    public static HiddenServiceDir at(Path path) {
        return new HiddenServiceDir(requireNonNull(path, "path"));
    }

    private static byte[] tag(String text) {
        return Arrays.copyOf(text.getBytes(US_ASCII), TAG_LENGTH);
    }

    /** The directory, for tor's {@code HiddenServiceDir}. */
    public Path path() {
        return path;
    }

    public Path secretKeyFile() {
        return path.resolve(SECRET_KEY_FILE);
    }

    public Path publicKeyFile() {
        return path.resolve(PUBLIC_KEY_FILE);
    }

    public Path hostnameFile() {
        return path.resolve(HOSTNAME_FILE);
    }

    /** Whether the directory holds a secret key. */
    public boolean exists() {
        return Files.exists(secretKeyFile());
    }

    /**
     * Reads the secret key. The public key and hostname files are optional (tor
     * rewrites them), but when present they must belong to the secret key.
     *
     * @throws java.nio.file.NoSuchFileException if there is no secret key file
     * @throws InvalidIdentityException if a file is malformed or names another key
     */
    public OnionServiceKey read() throws IOException {
        Path secretFile = secretKeyFile();
        byte[] secret = taggedContent(secretFile, SECRET_TAG, OnionServiceKey.EXPANDED_LENGTH);
        OnionServiceKey key;
        try {
            key = OnionServiceKey.fromExpandedSecretKey(secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentityException(secretFile, e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        Path publicFile = publicKeyFile();
        if (Files.exists(publicFile)) {
            byte[] publicKey = taggedContent(publicFile, PUBLIC_TAG, PUBLIC_KEY_LENGTH);
            if (!MessageDigest.isEqual(publicKey, key.onion().publicKey())) {
                throw new InvalidIdentityException(publicFile, "is not the public key of " + SECRET_KEY_FILE);
            }
        }
        Path hostnameFile = hostnameFile();
        if (Files.exists(hostnameFile)) {
            String hostname = new String(OwnerOnlyFiles.read(hostnameFile), US_ASCII).trim();
            if (!hostname.equals(key.onion().asString())) {
                throw new InvalidIdentityException(hostnameFile, "names '" + hostname + "' but "
                    + SECRET_KEY_FILE + " is the key of " + key.onion().asString());
            }
        }
        return key;
    }

    private static byte[] taggedContent(Path file, byte[] tag, int length) throws IOException {
        byte[] bytes = OwnerOnlyFiles.read(file);
        if (bytes.length != TAG_LENGTH + length) {
            throw new InvalidIdentityException(file,
                "has " + bytes.length + " bytes, " + (TAG_LENGTH + length) + " expected");
        }
        if (!Arrays.equals(Arrays.copyOf(bytes, TAG_LENGTH), tag)) {
            throw new InvalidIdentityException(file,
                "does not start with '" + new String(tag, US_ASCII).trim() + "'");
        }
        byte[] content = Arrays.copyOfRange(bytes, TAG_LENGTH, bytes.length);
        Arrays.fill(bytes, (byte) 0);
        return content;
    }

    /**
     * Writes the three files, creating the directory rwx------ if needed; the
     * files are rw-------.
     *
     * @throws java.nio.file.FileAlreadyExistsException if one of the files exists
     */
    public void write(OnionServiceKey key) throws IOException {
        requireNonNull(key, "key");
        OwnerOnlyFiles.createDirectories(path);
        byte[] secret = key.expandedSecretKey();
        byte[] secretFile = concat(SECRET_TAG, secret);
        try {
            OwnerOnlyFiles.write(secretKeyFile(), secretFile);
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(secretFile, (byte) 0);
        }
        OwnerOnlyFiles.write(publicKeyFile(), concat(PUBLIC_TAG, key.onion().publicKey()));
        OwnerOnlyFiles.write(hostnameFile(), (key.onion().asString() + "\n").getBytes(US_ASCII));
    }

    /** Deletes the three key files, leaving anything else tor keeps there (authorized_clients/). */
    void deleteKeys() throws IOException {
        Files.deleteIfExists(secretKeyFile());
        Files.deleteIfExists(publicKeyFile());
        Files.deleteIfExists(hostnameFile());
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    @Override
    public String toString() {
        return "HiddenServiceDir{" + path + "}";
    }
}
