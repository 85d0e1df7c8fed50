/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.identity.ServerIdentity;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

class AddressCommandTest {
    // A generated image is a pure code: zxing's detector for photographs misreads about 1 in 100 of them.
    private static final Map<DecodeHintType, Object> PURE_IMAGE = Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE);

    @TempDir
    Path temp;

    private Path dir;
    private ServerIdentity identity;

    @BeforeEach
    void createIdentity() throws Exception {
        dir = temp.resolve("identity");
        identity = ServerIdentity.create(dir);
    }

    @Test
    void addressShouldCarryTheFullFingerprintByDefault() {
        CommandRun run = CommandRun.of("address", "--dir", dir.toString(), "alice");

        assertThat(run.exitCode).isZero();
        assertThat(run.firstLine()).isEqualTo("alice@" + identity.domain().asString());
    }

    @Test
    void addressShouldAbbreviateTheFingerprintToWholeCharacters() {
        CommandRun run = CommandRun.of("address", "--dir", dir.toString(), "--bits", "81", "alice");

        SmtorpAddress address = SmtorpAddress.parse(run.firstLine());
        assertThat(address.domain().fingerprint()).hasValueSatisfying(fingerprint -> {
            assertThat(fingerprint.length()).isEqualTo(17);
            assertThat(fingerprint.isPrefixOf(identity.fingerprint())).isTrue();
        });
    }

    @Test
    void addressShouldRefuseTooFewBits() {
        CommandRun run = CommandRun.of("address", "--dir", dir.toString(), "--bits", "79", "alice");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("--bits must be between 80 and 256, was 79");
    }

    @Test
    void addressShouldPrintAMailtoUrl() {
        CommandRun run = CommandRun.of("address", "--dir", dir.toString(), "--mailto", "\"john doe\"");

        assertThat(run.firstLine()).isEqualTo("mailto:%22john%20doe%22@" + identity.domain().asString());
    }

    @Test
    void addressShouldRefuseAnInvalidUser() {
        CommandRun run = CommandRun.of("address", "--dir", dir.toString(), "john doe");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("local part");
    }

    @Test
    void addressShouldSayWhenTheDirectoryHoldsNoIdentity() {
        CommandRun run = CommandRun.of("address", "--dir", temp.resolve("nothing").toString(), "alice");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains(temp.resolve("nothing").toString());
    }

    @Test
    void pngShouldHoldTheMailtoUrl() throws Exception {
        Path png = temp.resolve("alice.png");

        CommandRun run = CommandRun.of("address", "--dir", dir.toString(), "--bits", "80", "--mailto",
            "--png", png.toString(), "alice");

        assertThat(decode(png)).isEqualTo(run.firstLine());
    }

    @Test
    void qrShouldDrawTheCodeAfterTheAddress() {
        CommandRun run = CommandRun.of("address", "--dir", dir.toString(), "--qr", "alice");

        assertThat(run.out.split("\n")).hasSizeGreaterThan(20);
        assertThat(run.out).contains("\u2584");
    }

    private static String decode(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
            new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))), PURE_IMAGE).getText();
    }
}
