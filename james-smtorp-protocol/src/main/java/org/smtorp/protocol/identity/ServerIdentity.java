/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Everything that makes a server the same SMTorP server across restarts, in
 * one directory:
 * <pre>
 * onion/hs_ed25519_secret_key   tor's HiddenServiceDir (tor may add authorized_clients/)
 * onion/hs_ed25519_public_key
 * onion/hostname
 * tls/keystore.p12              PKCS12: TLS key and self-signed certificate
 * tls/keystore.password         the key store's password, one line
 * </pre>
 * Directories are rwx------ and files rw-------, set when they are created;
 * {@link #load} refuses secrets that others can read.
 */
public final class ServerIdentity {
    /** What {@link #create(Path, IfExists)} does when the directory already holds an identity. */
    public enum IfExists {
        /** Refuse: the onion address is the server's mail domain, losing it loses the mail. */
        FAIL,
        /** Delete the old keys and make new ones (a new onion address). */
        REPLACE
    }

    static final String ONION_DIRECTORY = "onion";
    static final String TLS_DIRECTORY = "tls";
    static final String KEY_STORE_FILE = "keystore.p12";
    static final String PASSWORD_FILE = "keystore.password";
    // 192 bits, base64url: no characters that need escaping in smtpserver.xml.
    private static final int PASSWORD_BYTES = 24;

    private final Path directory;
    private final OnionServiceKey onionServiceKey;
    private final TlsIdentity tls;
    private final char[] keyStorePassword;

    private ServerIdentity(Path directory, OnionServiceKey onionServiceKey, TlsIdentity tls, char[] keyStorePassword) {
        this.directory = directory;
        this.onionServiceKey = onionServiceKey;
        this.tls = tls;
        this.keyStorePassword = keyStorePassword;
    }

    /** Whether {@code directory} holds (part of) an identity. */
    public static boolean exists(Path directory) {
        requireNonNull(directory, "directory");
        return HiddenServiceDir.at(directory.resolve(ONION_DIRECTORY)).exists()
            || Files.exists(keyStoreFile(directory))
            || Files.exists(passwordFile(directory));
    }

    /**
     * Makes a new identity, refusing to overwrite one.
     *
     * @throws FileAlreadyExistsException if the directory holds an identity already
     */
    public static ServerIdentity create(Path directory) throws IOException {
        return create(directory, IfExists.FAIL);
    }

    public static ServerIdentity create(Path directory, IfExists ifExists) throws IOException {
        return create(directory, ifExists, new SecureRandom(), Clock.systemUTC());
    }

    public static ServerIdentity create(Path directory, IfExists ifExists, SecureRandom random, Clock clock)
        throws IOException {
        requireNonNull(directory, "directory");
        requireNonNull(ifExists, "ifExists");
        requireNonNull(random, "random");
        requireNonNull(clock, "clock");
        if (exists(directory)) {
            if (ifExists == IfExists.FAIL) {
                throw new FileAlreadyExistsException(directory.toString(), null,
                    "holds a server identity already; replacing it changes the onion address");
            }
            deleteKeys(directory);
        }
        OnionServiceKey onionServiceKey = OnionServiceKey.generate(random);
        TlsIdentity tls = TlsIdentity.generate(onionServiceKey.onion(), random, clock);
        char[] password = newPassword(random);

        OwnerOnlyFiles.createDirectories(directory);
        HiddenServiceDir.at(directory.resolve(ONION_DIRECTORY)).write(onionServiceKey);
        OwnerOnlyFiles.createDirectories(directory.resolve(TLS_DIRECTORY));
        tls.writeKeyStore(keyStoreFile(directory), password);
        writePassword(passwordFile(directory), password);
        return new ServerIdentity(directory, onionServiceKey, tls, password);
    }

    /**
     * Loads an identity and checks that its parts belong together: the onion
     * key files agree, the key store opens with its password, and the
     * certificate names the onion.
     *
     * @throws java.nio.file.NoSuchFileException if a file is missing
     * @throws InvalidIdentityException if a file is malformed, inconsistent or open to others
     */
    public static ServerIdentity load(Path directory) throws IOException {
        requireNonNull(directory, "directory");
        HiddenServiceDir hiddenServiceDir = HiddenServiceDir.at(directory.resolve(ONION_DIRECTORY));
        for (Path secret : Arrays.asList(hiddenServiceDir.path(), hiddenServiceDir.secretKeyFile(),
            directory.resolve(TLS_DIRECTORY), keyStoreFile(directory), passwordFile(directory))) {
            OwnerOnlyFiles.checkOwnerOnly(secret);
        }
        OnionServiceKey onionServiceKey = hiddenServiceDir.read();
        char[] password = readPassword(passwordFile(directory));
        TlsIdentity tls = TlsIdentity.readKeyStore(keyStoreFile(directory), password);
        if (!tls.names(onionServiceKey.onion())) {
            throw new InvalidIdentityException(keyStoreFile(directory),
                "its certificate is not for " + onionServiceKey.onion().asString());
        }
        return new ServerIdentity(directory, onionServiceKey, tls, password);
    }

    private static Path keyStoreFile(Path directory) {
        return directory.resolve(TLS_DIRECTORY).resolve(KEY_STORE_FILE);
    }

    private static Path passwordFile(Path directory) {
        return directory.resolve(TLS_DIRECTORY).resolve(PASSWORD_FILE);
    }

    private static void deleteKeys(Path directory) throws IOException {
        HiddenServiceDir.at(directory.resolve(ONION_DIRECTORY)).deleteKeys();
        Files.deleteIfExists(keyStoreFile(directory));
        Files.deleteIfExists(passwordFile(directory));
    }

    private static char[] newPassword(SecureRandom random) {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(bytes);
        char[] password = new char[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            password[i] = (char) encoded[i];
        }
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(encoded, (byte) 0);
        return password;
    }

    private static void writePassword(Path file, char[] password) throws IOException {
        ByteBuffer encoded = US_ASCII.encode(CharBuffer.wrap(password));
        byte[] line = new byte[encoded.remaining() + 1];
        encoded.get(line, 0, encoded.remaining());
        line[line.length - 1] = '\n';
        try {
            OwnerOnlyFiles.write(file, line);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    private static char[] readPassword(Path file) throws IOException {
        byte[] bytes = OwnerOnlyFiles.read(file);
        try {
            int end = bytes.length;
            while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
                end--;
            }
            if (end == 0) {
                throw new InvalidIdentityException(file, "is empty");
            }
            char[] password = new char[end];
            for (int i = 0; i < end; i++) {
                if (bytes[i] < 0x21 || bytes[i] > 0x7e) {
                    throw new InvalidIdentityException(file, "holds a character that is not printable ASCII");
                }
                password[i] = (char) bytes[i];
            }
            return password;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    public Path directory() {
        return directory;
    }

    /** tor's HiddenServiceDir: {@code <directory>/onion}. */
    public HiddenServiceDir hiddenServiceDir() {
        return HiddenServiceDir.at(directory.resolve(ONION_DIRECTORY));
    }

    /** For smtpserver.xml's {@code <keystore>}; its type is {@link TlsIdentity#KEY_STORE_TYPE}. */
    public Path keyStoreFile() {
        return keyStoreFile(directory);
    }

    public Path keyStorePasswordFile() {
        return passwordFile(directory);
    }

    /** A copy of the key store's password, for smtpserver.xml's {@code <secret>}; a secret, never log it. */
    public char[] keyStorePassword() {
        return keyStorePassword.clone();
    }

    public OnionServiceKey onionServiceKey() {
        return onionServiceKey;
    }

    public TlsIdentity tls() {
        return tls;
    }

    public OnionAddress onion() {
        return onionServiceKey.onion();
    }

    /** The full SPKI fingerprint of the TLS key. */
    public Fingerprint fingerprint() {
        return tls.fingerprint();
    }

    /** The domain with the full fingerprint; {@code withFingerprint(fingerprint().abbreviate(bits))} shortens it. */
    public SmtorpDomain domain() {
        return SmtorpDomain.of(fingerprint(), onion());
    }

    @Override
    public String toString() {
        return "ServerIdentity{directory=" + directory + ", onion=" + onion().asString()
            + ", fingerprint=" + fingerprint().asString() + ", secrets=<redacted>}";
    }
}
