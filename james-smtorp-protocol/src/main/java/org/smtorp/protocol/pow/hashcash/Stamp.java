/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A hashcash version 1 stamp, {@code 1:bits:date:resource:ext:rand:counter}, as the
 * Debian {@code hashcash} 1.22 tool mints and checks it. Its work is the number of
 * leading zero bits of SHA-1 over the stamp's text; it must reach the claimed bits.
 */
public final class Stamp {
    /** Longer stamps are refused before any hashing (a header line is at most 998). */
    public static final int MAX_LENGTH = 512;
    public static final int MAX_BITS = 160;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd");
    // Character classes of the fields, bits of CLASSES.
    private static final int DIGIT = 1;
    private static final int FIELD = 2;
    private static final int BASE64 = 4;
    private static final byte[] CLASSES = classes();

    private final int bits;
    private final String date;
    private final String resource;
    private final String extension;
    private final String rand;
    private final String counter;

    private Stamp(int bits, String date, String resource, String extension, String rand, String counter) {
        this.bits = bits;
        this.date = date;
        this.resource = resource;
        this.extension = extension;
        this.rand = rand;
        this.counter = counter;
    }

    /** Parses a stamp, as found in an {@code X-Hashcash:} header value (trimmed). */
    public static Stamp parse(String text) {
        String stamp = text.trim();
        if (stamp.length() > MAX_LENGTH) {
            throw new InvalidStampException("stamp is " + stamp.length() + " characters long, at most " + MAX_LENGTH);
        }
        // Separators found by index, not String.split: that cost a list and an array on every header, garbage
        // included, and a tenth of a refusal's time.
        int versionEnd = separator(stamp, 0);
        if (versionEnd == 1 && stamp.charAt(0) == '0') {
            throw new InvalidStampException("hashcash version 0 stamps are not accepted, only version 1");
        }
        int fields = 1;
        for (int at = versionEnd; at < stamp.length(); at = separator(stamp, at + 1)) {
            fields++;
        }
        if (fields != 7) {
            throw new InvalidStampException("a stamp has 7 fields ver:bits:date:resource:ext:rand:counter, not "
                + fields + ": " + stamp);
        }
        if (versionEnd != 1 || stamp.charAt(0) != '1') {
            throw new InvalidStampException("stamp version \"" + stamp.substring(0, versionEnd) + "\" is not 1");
        }
        int bitsEnd = separator(stamp, versionEnd + 1);
        int dateEnd = separator(stamp, bitsEnd + 1);
        int resourceEnd = separator(stamp, dateEnd + 1);
        int extensionEnd = separator(stamp, resourceEnd + 1);
        int randEnd = separator(stamp, extensionEnd + 1);
        return of(bits(stamp.substring(versionEnd + 1, bitsEnd)), stamp.substring(bitsEnd + 1, dateEnd),
            stamp.substring(dateEnd + 1, resourceEnd), stamp.substring(resourceEnd + 1, extensionEnd),
            stamp.substring(extensionEnd + 1, randEnd), stamp.substring(randEnd + 1));
    }

    /** The index of the first ':' from {@code from}, or the length: where the field starting there ends. */
    private static int separator(String stamp, int from) {
        int at = stamp.indexOf(':', from);
        return at < 0 ? stamp.length() : at;
    }

    /** A stamp from its fields, each checked as {@link #parse} does. */
    public static Stamp of(int bits, String date, String resource, String extension, String rand, String counter) {
        if (bits < 0 || bits > MAX_BITS) {
            throw new InvalidStampException("stamp bits must be from 0 to " + MAX_BITS + ": " + bits);
        }
        boolean dateDigits = date.length() == 6 || date.length() == 10 || date.length() == 12;
        check(dateDigits && all(date, DIGIT), date, "date", "YYMMDD, YYMMDDhhmm or YYMMDDhhmmss");
        parseDate(date);
        check(!resource.isEmpty() && all(resource, FIELD), resource, "resource",
            "printable ASCII without ':' or spaces");
        check(all(extension, FIELD), extension, "extension", "printable ASCII without ':' or spaces");
        check(!rand.isEmpty() && all(rand, BASE64), rand, "rand", "one or more of a-z A-Z 0-9 + / =");
        check(!counter.isEmpty() && all(counter, BASE64), counter, "counter",
            "one or more of a-z A-Z 0-9 + / =");
        return new Stamp(bits, date, resource, extension, rand, counter);
    }

    /** The day field {@code YYMMDD} the tool writes by default, for {@code now} in UTC. */
    public static String dayOf(Instant now) {
        return DAY.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
    }

    /** The bits the stamp claims. */
    public int bits() {
        return bits;
    }

    /** When the stamp was minted, rounded down as its field says (day, minute or second; UTC). */
    public Instant date() {
        return parseDate(date);
    }

    public String resource() {
        return resource;
    }

    public String extension() {
        return extension;
    }

    /** Everything up to the counter, with its last ':': the constant part while minting. */
    String prefix() {
        return "1:" + bits + ":" + date + ":" + resource + ":" + extension + ":" + rand + ":";
    }

    String counter() {
        return counter;
    }

    byte[] bytes() {
        return asString().getBytes(StandardCharsets.US_ASCII);
    }

    public String asString() {
        // One concatenation, not the prefix's then another: this is hashed on every check.
        return "1:" + bits + ":" + date + ":" + resource + ":" + extension + ":" + rand + ":" + counter;
    }

    private static int bits(String text) {
        boolean number = !text.isEmpty() && text.length() <= 3 && all(text, DIGIT)
            && (text.length() == 1 || text.charAt(0) != '0');
        if (!number) {
            throw new InvalidStampException("stamp bits \"" + text + "\" is not a number from 0 to " + MAX_BITS);
        }
        return Integer.parseInt(text);
    }

    // Loops, not regular expressions: they run on every X-Hashcash header, garbage included. A table look-up
    // per character, not range comparisons: those mispredicted a branch or so per character of a random counter.
    private static boolean all(String text, int characterClass) {
        int outside = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            outside |= c < CLASSES.length ? ~CLASSES[c] & characterClass : characterClass;
        }
        return outside == 0;
    }

    /** Each ASCII character's classes, from the rules below; never written after this. */
    private static byte[] classes() {
        byte[] classes = new byte[128];
        for (char c = 0; c < classes.length; c++) {
            classes[c] = (byte) ((isDigit(c) ? DIGIT : 0) | (isFieldChar(c) ? FIELD : 0) | (isBase64(c) ? BASE64 : 0));
        }
        return classes;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isFieldChar(char c) {
        return c > ' ' && c <= '~' && c != ':';
    }

    private static boolean isBase64(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || isDigit(c) || c == '+' || c == '/' || c == '=';
    }

    private static void check(boolean valid, String value, String field, String rule) {
        if (!valid) {
            throw new InvalidStampException("stamp " + field + " \"" + value + "\" must be " + rule);
        }
    }

    // Two-digit years as the tool reads them: 70 to 99 are 19xx, 00 to 69 are 20xx. The date is all digits
    // by now (of checks it first), so each pair is read in place rather than through substrings.
    private static Instant parseDate(String date) {
        int yy = twoDigits(date, 0);
        int year = yy < 70 ? 2000 + yy : 1900 + yy;
        int hour = date.length() > 6 ? twoDigits(date, 6) : 0;
        int minute = date.length() > 6 ? twoDigits(date, 8) : 0;
        int second = date.length() > 10 ? twoDigits(date, 10) : 0;
        try {
            return LocalDateTime.of(year, twoDigits(date, 2), twoDigits(date, 4), hour, minute, second)
                .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new InvalidStampException("stamp date \"" + date + "\" is not a real date and time");
        }
    }

    private static int twoDigits(String digits, int at) {
        return (digits.charAt(at) - '0') * 10 + digits.charAt(at + 1) - '0';
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof Stamp && asString().equals(((Stamp) o).asString());
    }

    @Override
    public final int hashCode() {
        return asString().hashCode();
    }

    @Override
    public String toString() {
        return asString();
    }
}
