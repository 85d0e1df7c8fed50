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
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class HiddenServiceDirTest {
    private static final List<String> FILES = TorMadeHiddenServiceDir.FILES;

    @TempDir
    Path temp;

    @Test
    void readShouldDeriveTheOnionThatTorWroteToHostname() throws Exception {
        Path torMade = TorMadeHiddenServiceDir.copyTo(temp.resolve("tor"));

        OnionServiceKey key = HiddenServiceDir.at(torMade).read();

        assertThat(key.onion().asString() + "\n")
            .isEqualTo(new String(TorMadeHiddenServiceDir.bytes(HiddenServiceDir.HOSTNAME_FILE), US_ASCII));
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void writeShouldProduceTheBytesTorWrote(String file) throws Exception {
        OnionServiceKey key = HiddenServiceDir.at(TorMadeHiddenServiceDir.copyTo(temp.resolve("tor"))).read();
        HiddenServiceDir ours = HiddenServiceDir.at(temp.resolve("ours"));

        ours.write(key);

        assertThat(Files.readAllBytes(ours.path().resolve(file))).isEqualTo(TorMadeHiddenServiceDir.bytes(file));
    }

    @Test
    void readShouldReturnTheKeyThatWasWritten() throws Exception {
        OnionServiceKey key = OnionServiceKey.generate(new SecureRandom());
        HiddenServiceDir directory = HiddenServiceDir.at(temp.resolve("hs"));
        directory.write(key);

        OnionServiceKey read = directory.read();

        assertThat(read.expandedSecretKey()).isEqualTo(key.expandedSecretKey());
    }

    @Test
    void readShouldAcceptASecretKeyAlone() throws Exception {
        Path torMade = TorMadeHiddenServiceDir.copyTo(temp.resolve("tor"));
        Files.delete(torMade.resolve(HiddenServiceDir.PUBLIC_KEY_FILE));
        Files.delete(torMade.resolve(HiddenServiceDir.HOSTNAME_FILE));

        assertThat(HiddenServiceDir.at(torMade).read().onion().asString()).isEqualTo(TorMadeHiddenServiceDir.HOSTNAME);
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void writeShouldMakeFilesOnlyTheOwnerCanRead(String file) throws Exception {
        HiddenServiceDir directory = HiddenServiceDir.at(temp.resolve("hs"));

        directory.write(OnionServiceKey.generate(new SecureRandom()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.path().resolve(file))))
            .isEqualTo("rw-------");
    }

    @Test
    void writeShouldMakeADirectoryOnlyTheOwnerCanEnter() throws Exception {
        HiddenServiceDir directory = HiddenServiceDir.at(temp.resolve("hs"));

        directory.write(OnionServiceKey.generate(new SecureRandom()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.path())))
            .isEqualTo("rwx------");
    }

    @Test
    void writeShouldRefuseToOverwriteAKey() throws Exception {
        HiddenServiceDir directory = HiddenServiceDir.at(TorMadeHiddenServiceDir.copyTo(temp.resolve("tor")));

        assertThatThrownBy(() -> directory.write(OnionServiceKey.generate(new SecureRandom())))
            .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void existsShouldBeTrueWithASecretKey() throws Exception {
        assertThat(HiddenServiceDir.at(TorMadeHiddenServiceDir.copyTo(temp.resolve("tor"))).exists()).isTrue();
    }

    @Test
    void existsShouldBeFalseForAnEmptyDirectory() {
        assertThat(HiddenServiceDir.at(temp).exists()).isFalse();
    }

    @Test
    void readShouldFailWithoutSecretKey() {
        assertThatThrownBy(() -> HiddenServiceDir.at(temp).read()).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void readShouldRejectASecretKeyOfWrongLength() throws Exception {
        Path torMade = TorMadeHiddenServiceDir.copyTo(temp.resolve("tor"));
        Path secret = torMade.resolve(HiddenServiceDir.SECRET_KEY_FILE);
        Files.write(secret, Arrays.copyOf(Files.readAllBytes(secret), 95));

        assertThatThrownBy(() -> HiddenServiceDir.at(torMade).read())
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(secret + ": has 95 bytes, 96 expected");
    }

    @Test
    void readShouldRejectASecretKeyWithAnotherTag() throws Exception {
        Path torMade = TorMadeHiddenServiceDir.copyTo(temp.resolve("tor"));
        Path secret = torMade.resolve(HiddenServiceDir.SECRET_KEY_FILE);
        byte[] bytes = Files.readAllBytes(secret);
        bytes[27] = '1';
        Files.write(secret, bytes);

        assertThatThrownBy(() -> HiddenServiceDir.at(torMade).read())
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(secret + ": does not start with '== ed25519v1-secret: type0 =='");
    }

    @Test
    void readShouldRejectAnUnclampedSecretKey() throws Exception {
        Path torMade = TorMadeHiddenServiceDir.copyTo(temp.resolve("tor"));
        Path secret = torMade.resolve(HiddenServiceDir.SECRET_KEY_FILE);
        byte[] bytes = Files.readAllBytes(secret);
        bytes[32] |= 1;
        Files.write(secret, bytes);

        assertThatThrownBy(() -> HiddenServiceDir.at(torMade).read())
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(secret + ": the scalar of the expanded secret key is not clamped");
    }

    @Test
    void readShouldRejectThePublicKeyOfAnotherKey() throws Exception {
        Path torMade = TorMadeHiddenServiceDir.copyTo(temp.resolve("tor"));
        HiddenServiceDir other = HiddenServiceDir.at(temp.resolve("other"));
        other.write(OnionServiceKey.generate(new SecureRandom()));
        Path publicKey = torMade.resolve(HiddenServiceDir.PUBLIC_KEY_FILE);
        Files.write(publicKey, Files.readAllBytes(other.publicKeyFile()));

        assertThatThrownBy(() -> HiddenServiceDir.at(torMade).read())
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(publicKey + ": is not the public key of hs_ed25519_secret_key");
    }

    @Test
    void readShouldRejectTheHostnameOfAnotherKey() throws Exception {
        Path torMade = TorMadeHiddenServiceDir.copyTo(temp.resolve("tor"));
        Path hostname = torMade.resolve(HiddenServiceDir.HOSTNAME_FILE);
        String other = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        Files.writeString(hostname, other + "\n");

        assertThatThrownBy(() -> HiddenServiceDir.at(torMade).read())
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(hostname + ": names '" + other + "' but hs_ed25519_secret_key is the key of "
                + TorMadeHiddenServiceDir.HOSTNAME);
    }
}
