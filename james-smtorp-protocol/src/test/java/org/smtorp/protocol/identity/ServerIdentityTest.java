/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.protocol.identity.ServerIdentity.IfExists;

class ServerIdentityTest {
    @TempDir
    Path temp;

    private Path directory() {
        return temp.resolve("identity");
    }

    private ServerIdentity create() throws Exception {
        return ServerIdentity.create(directory(), IfExists.FAIL, new SecureRandom(), Clock.systemUTC());
    }

    @ParameterizedTest
    @ValueSource(strings = {"onion/hs_ed25519_secret_key", "onion/hs_ed25519_public_key", "onion/hostname",
        "tls/keystore.p12", "tls/keystore.password"})
    void createShouldWriteFilesOnlyTheOwnerCanRead(String file) throws Exception {
        create();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory().resolve(file))))
            .isEqualTo("rw-------");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "onion", "tls"})
    void createShouldMakeDirectoriesOnlyTheOwnerCanEnter(String subdirectory) throws Exception {
        create();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory().resolve(subdirectory))))
            .isEqualTo("rwx------");
    }

    @Test
    void createShouldWriteTheHostnameOfTheOnion() throws Exception {
        ServerIdentity identity = create();

        assertThat(Files.readString(directory().resolve("onion/hostname"), US_ASCII))
            .isEqualTo(identity.onion().asString() + "\n");
    }

    @Test
    void createShouldRefuseAnExistingIdentity() throws Exception {
        create();

        assertThatThrownBy(this::create)
            .isInstanceOf(FileAlreadyExistsException.class)
            .hasMessage(directory() + ": holds a server identity already; replacing it changes the onion address");
    }

    @Test
    void createShouldRefuseWhenOnlyTheKeyStoreIsLeft() throws Exception {
        create();
        HiddenServiceDir.at(directory().resolve("onion")).deleteKeys();

        assertThatThrownBy(this::create).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void createShouldAcceptAnEmptyDirectory() throws Exception {
        Files.createDirectories(directory());

        assertThat(create().onion()).isEqualTo(ServerIdentity.load(directory()).onion());
    }

    @Test
    void createWithReplaceShouldMakeANewOnion() throws Exception {
        ServerIdentity old = create();

        ServerIdentity replaced = ServerIdentity.create(directory(), IfExists.REPLACE);

        assertThat(ServerIdentity.load(directory()).onion()).isEqualTo(replaced.onion()).isNotEqualTo(old.onion());
    }

    @Test
    void loadShouldGiveTheOnionThatWasCreated() throws Exception {
        ServerIdentity created = create();

        assertThat(ServerIdentity.load(directory()).onion()).isEqualTo(created.onion());
    }

    @Test
    void loadShouldGiveTheFingerprintThatWasCreated() throws Exception {
        ServerIdentity created = create();

        assertThat(ServerIdentity.load(directory()).fingerprint()).isEqualTo(created.fingerprint());
    }

    @Test
    void loadShouldGiveThePasswordThatWasCreated() throws Exception {
        ServerIdentity created = create();

        assertThat(ServerIdentity.load(directory()).keyStorePassword()).isEqualTo(created.keyStorePassword());
    }

    @Test
    void passwordShouldBeSafeInXml() throws Exception {
        assertThat(new String(create().keyStorePassword())).matches("[A-Za-z0-9_-]{32}");
    }

    @Test
    void domainShouldCarryTheFullFingerprint() throws Exception {
        ServerIdentity identity = create();

        assertThat(identity.domain().asString())
            .isEqualTo(identity.fingerprint().asString() + "." + identity.onion().asString());
    }

    @Test
    void hiddenServiceDirShouldHoldTheOnionKey() throws Exception {
        ServerIdentity identity = create();

        assertThat(identity.hiddenServiceDir().read().onion()).isEqualTo(identity.onion());
    }

    @Test
    void loadShouldFailWhenThereIsNoIdentity() {
        assertThatThrownBy(() -> ServerIdentity.load(directory())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void loadShouldRefuseASecretKeyOthersCanRead() throws Exception {
        create();
        Path secret = directory().resolve("onion/hs_ed25519_secret_key");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ServerIdentity.load(directory()))
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(secret + ": is open to group or others (rw-r--r--); chmod 600 it");
    }

    @Test
    void loadShouldRefuseAnOnionDirectoryOthersCanEnter() throws Exception {
        create();
        Path onion = directory().resolve("onion");
        Files.setPosixFilePermissions(onion, PosixFilePermissions.fromString("rwxr-x---"));

        assertThatThrownBy(() -> ServerIdentity.load(directory()))
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(onion + ": is open to group or others (rwxr-x---); chmod 700 it");
    }

    @Test
    void loadShouldRefuseACertificateForAnotherOnion() throws Exception {
        ServerIdentity mine = create();
        Path otherDirectory = temp.resolve("other");
        ServerIdentity.create(otherDirectory, IfExists.FAIL, new SecureRandom(), Clock.systemUTC());
        for (String file : List.of("tls/keystore.p12", "tls/keystore.password")) {
            Files.delete(directory().resolve(file));
            Files.copy(otherDirectory.resolve(file), directory().resolve(file));
        }

        assertThatThrownBy(() -> ServerIdentity.load(directory()))
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(directory().resolve("tls/keystore.p12") + ": its certificate is not for "
                + mine.onion().asString());
    }

    @Test
    void loadShouldRefuseAnEmptyPasswordFile() throws Exception {
        create();
        Path password = directory().resolve("tls/keystore.password");
        Files.write(password, "\n".getBytes(US_ASCII));

        assertThatThrownBy(() -> ServerIdentity.load(directory()))
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(password + ": is empty");
    }

    @Test
    void loadShouldAcceptADirectoryTorHasUsed() throws Exception {
        ServerIdentity created = create();
        Files.createDirectory(directory().resolve("onion/authorized_clients"),
            PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.DIRECTORY));

        assertThat(ServerIdentity.load(directory()).onion()).isEqualTo(created.onion());
    }

    @Test
    void existsShouldBeFalseForAMissingDirectory() {
        assertThat(ServerIdentity.exists(directory())).isFalse();
    }

    @Test
    void existsShouldBeTrueAfterCreate() throws Exception {
        create();

        assertThat(ServerIdentity.exists(directory())).isTrue();
    }

    @Test
    void toStringShouldNotRevealSecrets() throws Exception {
        ServerIdentity identity = create();

        assertThat(identity.toString())
            .contains(identity.onion().asString())
            .doesNotContain(new String(identity.keyStorePassword()))
            .doesNotContain(identity.onionServiceKey().addOnionKey().substring(11, 30));
    }
}
