/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.qr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A QR code of a text (an SMTorP address fits one, as the draft wants for business
 * cards), drawn as a PNG or as text for a terminal. Error correction level M: a
 * full-length address stays small enough to scan from a screen.
 */
public final class QrCode {
    private static final int QUIET_ZONE = 4;
    private static final int DEFAULT_MODULE_PIXELS = 8;

    private final String text;
    private final BitMatrix modules;

    private QrCode(String text, BitMatrix modules) {
        this.text = text;
        this.modules = modules;
    }

    public static QrCode of(String text) {
        Objects.requireNonNull(text);
        try {
            // Size 0 asks zxing for one pixel per module; we scale ourselves.
            BitMatrix modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                EncodeHintType.MARGIN, QUIET_ZONE,
                EncodeHintType.CHARACTER_SET, "UTF-8"));
            return new QrCode(text, modules);
        } catch (WriterException e) {
            throw new IllegalArgumentException("'" + text + "' does not fit in a QR code: " + e.getMessage(), e);
        }
    }

    public String text() {
        return text;
    }

    /** Modules per side, quiet zone included. */
    public int size() {
        return modules.getWidth();
    }

    public byte[] toPng() {
        return toPng(DEFAULT_MODULE_PIXELS);
    }

    public byte[] toPng(int pixelsPerModule) {
        if (pixelsPerModule < 1) {
            throw new IllegalArgumentException("pixels per module must be at least 1, was " + pixelsPerModule);
        }
        int side = size() * pixelsPerModule;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, modules.get(x / pixelsPerModule, y / pixelsPerModule) ? 0x000000 : 0xffffff);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /**
     * Two modules per character with Unicode half blocks, dark modules drawn as spaces
     * so that the code reads on the usual light-on-dark terminal.
     */
    public String toTerminalText() {
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < size(); y += 2) {
            for (int x = 0; x < size(); x++) {
                boolean top = !modules.get(x, y);
                boolean bottom = y + 1 < size() && !modules.get(x, y + 1);
                out.append(top ? (bottom ? '\u2588' : '\u2580') : (bottom ? '\u2584' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "QrCode(" + size() + "x" + size() + ", " + text + ")";
    }
}
