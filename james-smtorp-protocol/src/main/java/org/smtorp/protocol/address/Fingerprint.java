/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.smtorp.protocol.address.InvalidAddressException.Reason;

/**
 * A prefix of the base32 SHA-256 of a certificate's SubjectPublicKeyInfo (the
 * DANE "SPKI" selector, so it survives renewing a certificate with the same key).
 *
 * <p>Prefixes compare as text: a fingerprint matches a key when the key's full
 * fingerprint starts with it. Each character holds 5 bits, so a prefix of n
 * characters checks 5n bits; the 52nd character holds the hash's last bit
 * followed by 4 zero bits, so a full fingerprint checks exactly 256 bits and
 * can only end in 'a' or 'q'. Lower case is canonical; upper case is accepted,
 * since the fingerprint is a DNS label.
 */
public final class Fingerprint {
    /** Characters of a full fingerprint: 256 bits in 5-bit characters. */
    public static final int FULL_LENGTH = 52;
    /** The shortest prefix: 80 bits. */
    public static final int MIN_LENGTH = 16;
    public static final int MIN_BITS = 80;
    public static final int MAX_BITS = 256;

    private static final int BITS_PER_CHARACTER = 5;
    // 'a' = 00000 and 'q' = 10000: the hash's last bit, then 4 bits of padding.
    private static final String FULL_LENGTH_ENDINGS = "aq";

    private final String value;

    private Fingerprint(String value) {
        this.value = value;
    }

    /**
     * Parses 16 to 52 base32 characters.
     *
     * @throws InvalidAddressException naming the failed rule
     */
    public static Fingerprint parse(String text) {
        requireNonNull(text, "text");
        return parseLabel(text, text);
    }

    static Fingerprint parseLabel(String label, String input) {
        int bad = Base32Text.indexOfNonBase32(label);
        if (bad >= 0) {
            throw new InvalidAddressException(Reason.FINGERPRINT_ALPHABET,
                Ascii.describe(label.codePointAt(bad)) + " in the fingerprint is not a base32 character", input);
        }
        if (label.length() < MIN_LENGTH) {
            throw new InvalidAddressException(Reason.FINGERPRINT_LENGTH,
                "fingerprint has " + label.length() + " characters, at least " + MIN_LENGTH + " are required", input);
        }
        if (label.length() > FULL_LENGTH) {
            throw new InvalidAddressException(Reason.FINGERPRINT_LENGTH,
                "fingerprint has " + label.length() + " characters, at most " + FULL_LENGTH + " are allowed", input);
        }
        String value = Ascii.toLowerCase(label);
        if (value.length() == FULL_LENGTH && FULL_LENGTH_ENDINGS.indexOf(value.charAt(FULL_LENGTH - 1)) < 0) {
            throw new InvalidAddressException(Reason.FINGERPRINT_PADDING,
                "a full fingerprint ends in 'a' or 'q': its last character holds 1 bit of the hash and 4 zero bits",
                input);
        }
        return new Fingerprint(value);
    }

    /** The full fingerprint of a DER-encoded SubjectPublicKeyInfo. */
    public static Fingerprint of(byte[] subjectPublicKeyInfo) {
        requireNonNull(subjectPublicKeyInfo, "subjectPublicKeyInfo");
        SHA256Digest sha256 = new SHA256Digest();
        sha256.update(subjectPublicKeyInfo, 0, subjectPublicKeyInfo.length);
        byte[] hash = new byte[sha256.getDigestSize()];
        sha256.doFinal(hash, 0);
        return new Fingerprint(Base32Text.encode(hash));
    }

    /** The full fingerprint of a public key whose encoding is X.509 (SubjectPublicKeyInfo). */
    public static Fingerprint of(PublicKey publicKey) {
        return of(subjectPublicKeyInfo(publicKey));
    }

    /** The full fingerprint of a certificate's key, hashed as encoded in the certificate. */
    public static Fingerprint of(X509Certificate certificate) {
        return of(subjectPublicKeyInfo(certificate));
    }

    private static byte[] subjectPublicKeyInfo(PublicKey publicKey) {
        requireNonNull(publicKey, "publicKey");
        if (!"X.509".equals(publicKey.getFormat())) {
            throw new IllegalArgumentException("a " + publicKey.getFormat() + " key has no SubjectPublicKeyInfo");
        }
        return publicKey.getEncoded();
    }

    private static byte[] subjectPublicKeyInfo(X509Certificate certificate) {
        requireNonNull(certificate, "certificate");
        try {
            return TBSCertificate.getInstance(certificate.getTBSCertificate())
                .getSubjectPublicKeyInfo()
                .getEncoded(ASN1Encoding.DER);
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }

    /**
     * This fingerprint cut to at least {@code bits} bits, rounded up to whole
     * characters: 80 bits are 16 characters, 81 are 17, 256 are all 52.
     *
     * @throws IllegalArgumentException outside 80..256 bits, or beyond the bits this prefix has
     */
    public Fingerprint abbreviate(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException(
                "a fingerprint keeps " + MIN_BITS + " to " + MAX_BITS + " bits, not " + bits);
        }
        int characters = (bits + BITS_PER_CHARACTER - 1) / BITS_PER_CHARACTER;
        if (characters > value.length()) {
            throw new IllegalArgumentException("this fingerprint has " + bits() + " bits, not " + bits);
        }
        return new Fingerprint(value.substring(0, characters));
    }

    /** Characters of this prefix, 16 to 52. */
    public int length() {
        return value.length();
    }

    /** Bits of the hash this prefix checks, 80 to 256. */
    public int bits() {
        return Math.min(value.length() * BITS_PER_CHARACTER, MAX_BITS);
    }

    public boolean isFull() {
        return value.length() == FULL_LENGTH;
    }

    /** Whether this prefix (of any length) starts the full fingerprint {@code other}, or a longer prefix of it. */
    public boolean isPrefixOf(Fingerprint other) {
        return other.value.startsWith(value);
    }

    public boolean matches(byte[] subjectPublicKeyInfo) {
        return isPrefixOf(of(subjectPublicKeyInfo));
    }

    public boolean matches(PublicKey publicKey) {
        return isPrefixOf(of(publicKey));
    }

    public boolean matches(X509Certificate certificate) {
        return isPrefixOf(of(certificate));
    }

    /** The lower-case base32 text, as it stands in a domain. */
    public String asString() {
        return value;
    }

    @Override
    public final boolean equals(Object o) {
        if (o instanceof Fingerprint) {
            Fingerprint that = (Fingerprint) o;
            return value.equals(that.value);
        }
        return false;
    }

    @Override
    public final int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Fingerprint{" + value + " (" + bits() + " bits)}";
    }
}
