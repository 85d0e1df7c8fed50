/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

class QrCodeTest {
    // A generated image is a pure code: zxing's detector for photographs misreads about 1 in 100 of them.
    private static final Map<DecodeHintType, Object> PURE_IMAGE = Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE);

    private static final String MAILTO = "mailto:alice@kki4vbuprk3qy3rpabcdefghijklmnopqrstuvwxyz234567abcdefghijkl."
        + "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

    @Test
    void pngShouldDecodeToTheSameText() throws Exception {
        assertThat(decode(QrCode.of(MAILTO).toPng())).isEqualTo(MAILTO);
    }

    @Test
    void pngShouldScaleByPixelsPerModule() throws IOException {
        QrCode code = QrCode.of(MAILTO);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(code.toPng(3)));

        assertThat(image.getWidth()).isEqualTo(code.size() * 3);
    }

    @Test
    void terminalTextShouldDrawTwoModuleRowsPerLine() {
        QrCode code = QrCode.of(MAILTO);

        assertThat(code.toTerminalText().split("\n")).hasSize((code.size() + 1) / 2);
    }

    @Test
    void terminalTextShouldDecodeToTheSameText() throws Exception {
        QrCode code = QrCode.of(MAILTO);
        String[] lines = code.toTerminalText().split("\n");
        int scale = 4;
        int side = code.size() * scale;
        int[] pixels = new int[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int moduleRow = y / scale;
                char c = lines[moduleRow / 2].charAt(x / scale);
                boolean light = moduleRow % 2 == 0 ? c == '\u2588' || c == '\u2580' : c == '\u2588' || c == '\u2584';
                pixels[y * side + x] = light ? 0xffffff : 0;
            }
        }

        assertThat(decode(side, side, pixels)).isEqualTo(MAILTO);
    }

    static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return decode(image.getWidth(), image.getHeight(), pixels);
    }

    private static String decode(int width, int height, int[] pixels) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        return new QRCodeReader().decode(bitmap, PURE_IMAGE).getText();
    }
}
