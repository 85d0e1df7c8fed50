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
        String[] fields = stamp.split(":", -1);
        if (fields.length > 0 && "0".equals(fields[0])) {
            throw new InvalidStampException("hashcash version 0 stamps are not accepted, only version 1");
        }
        if (fields.length != 7) {
            throw new InvalidStampException("a stamp has 7 fields ver:bits:date:resource:ext:rand:counter, not "
                + fields.length + ": " + stamp);
        }
        if (!"1".equals(fields[0])) {
            throw new InvalidStampException("stamp version \"" + fields[0] + "\" is not 1");
        }
        return of(bits(fields[1]), fields[2], fields[3], fields[4], fields[5], fields[6]);
    }

    /** A stamp from its fields, each checked as {@link #parse} does. */
    public static Stamp of(int bits, String date, String resource, String extension, String rand, String counter) {
        if (bits < 0 || bits > MAX_BITS) {
            throw new InvalidStampException("stamp bits must be from 0 to " + MAX_BITS + ": " + bits);
        }
        boolean dateDigits = date.length() == 6 || date.length() == 10 || date.length() == 12;
        check(dateDigits && all(date, Stamp::isDigit), date, "date", "YYMMDD, YYMMDDhhmm or YYMMDDhhmmss");
        parseDate(date);
        check(!resource.isEmpty() && all(resource, Stamp::isFieldChar), resource, "resource",
            "printable ASCII without ':' or spaces");
        check(all(extension, Stamp::isFieldChar), extension, "extension", "printable ASCII without ':' or spaces");
        check(!rand.isEmpty() && all(rand, Stamp::isBase64), rand, "rand", "one or more of a-z A-Z 0-9 + / =");
        check(!counter.isEmpty() && all(counter, Stamp::isBase64), counter, "counter",
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
        return prefix() + counter;
    }

    private static int bits(String text) {
        boolean number = !text.isEmpty() && text.length() <= 3 && all(text, Stamp::isDigit)
            && (text.length() == 1 || text.charAt(0) != '0');
        if (!number) {
            throw new InvalidStampException("stamp bits \"" + text + "\" is not a number from 0 to " + MAX_BITS);
        }
        return Integer.parseInt(text);
    }

    // Loops, not regular expressions: they run on every X-Hashcash header, garbage included.
    private static boolean all(String text, CharPredicate allowed) {
        for (int i = 0; i < text.length(); i++) {
            if (!allowed.test(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private interface CharPredicate {
        boolean test(char c);
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

    // Two-digit years as the tool reads them: 70 to 99 are 19xx, 00 to 69 are 20xx.
    private static Instant parseDate(String date) {
        int yy = Integer.parseInt(date.substring(0, 2));
        int year = yy < 70 ? 2000 + yy : 1900 + yy;
        int month = Integer.parseInt(date.substring(2, 4));
        int day = Integer.parseInt(date.substring(4, 6));
        int hour = date.length() > 6 ? Integer.parseInt(date.substring(6, 8)) : 0;
        int minute = date.length() > 6 ? Integer.parseInt(date.substring(8, 10)) : 0;
        int second = date.length() > 10 ? Integer.parseInt(date.substring(10, 12)) : 0;
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new InvalidStampException("stamp date \"" + date + "\" is not a real date and time");
        }
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
