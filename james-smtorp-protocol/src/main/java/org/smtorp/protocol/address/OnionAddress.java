/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.smtorp.protocol.address.InvalidAddressException.Reason;

/**
 * A Tor v3 onion service address: {@code base32(PUBKEY | CHECKSUM | VERSION)},
 * validated as Tor validates it (rend-spec-v3 section 6, tor's
 * {@code hs_address_is_valid}): 56 base32 characters, version byte 3, the
 * checksum {@code SHA3-256(".onion checksum" | PUBKEY | VERSION)[:2]}, and a
 * public key that is an Ed25519 point of prime order, so that no second
 * spelling of the same service passes (a key plus a torsion point).
 *
 * <p>Input is case-insensitive; the canonical form is lower case.
 */
public final class OnionAddress {
    /** The top-level domain, without the dot. */
    public static final String TLD = "onion";
    /** Characters of the base32 label. */
    public static final int LENGTH = 56;

    private static final String SUFFIX = "." + TLD;
    private static final int V2_LENGTH = 16;
    private static final int PUBLIC_KEY_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 2;
    private static final int VERSION = 3;
    private static final byte[] CHECKSUM_PREFIX = ".onion checksum".getBytes(US_ASCII);

    private final String serviceId;

    private OnionAddress(String serviceId) {
        this.serviceId = serviceId;
    }

    /**
     * Parses {@code <56 characters>.onion} or the bare 56 characters, as tor's
     * {@code ADD_ONION} reply gives them.
     *
     * @throws InvalidAddressException naming the failed rule
     */
    public static OnionAddress parse(String text) {
        requireNonNull(text, "text");
        String lower = Ascii.toLowerCase(text);
        String label = lower.endsWith(SUFFIX) ? text.substring(0, text.length() - SUFFIX.length()) : text;
        return parseLabel(label, text);
    }

    /**
     * The onion address of an Ed25519 public key.
     *
     * @throws IllegalArgumentException if the key is not 32 bytes or not a point of prime order
     */
    public static OnionAddress fromPublicKey(byte[] publicKey) {
        requireNonNull(publicKey, "publicKey");
        if (publicKey.length != PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException(
                "an Ed25519 public key has " + PUBLIC_KEY_LENGTH + " bytes, not " + publicKey.length);
        }
        if (!Ed25519.validatePublicKeyFull(publicKey, 0)) {
            throw new IllegalArgumentException("not an Ed25519 point of prime order");
        }
        byte[] decoded = new byte[PUBLIC_KEY_LENGTH + CHECKSUM_LENGTH + 1];
        System.arraycopy(publicKey, 0, decoded, 0, PUBLIC_KEY_LENGTH);
        System.arraycopy(checksum(publicKey, VERSION), 0, decoded, PUBLIC_KEY_LENGTH, CHECKSUM_LENGTH);
        decoded[decoded.length - 1] = VERSION;
        return new OnionAddress(Base32Text.encode(decoded));
    }

    static OnionAddress parseLabel(String label, String input) {
        if (label.indexOf('.') >= 0) {
            throw new InvalidAddressException(Reason.SYNTAX,
                "an onion address is one label before '.onion' (a fingerprint makes it an SmtorpDomain)", input);
        }
        int bad = Base32Text.indexOfNonBase32(label);
        if (bad >= 0) {
            throw new InvalidAddressException(Reason.ALPHABET,
                Ascii.describe(label.codePointAt(bad)) + " is not a base32 character", input);
        }
        if (label.length() == V2_LENGTH) {
            throw new InvalidAddressException(Reason.VERSION, "v2 onion addresses are not supported", input);
        }
        if (label.length() != LENGTH) {
            throw new InvalidAddressException(Reason.LENGTH,
                "onion address has " + label.length() + " characters, " + LENGTH + " are required", input);
        }
        String serviceId = Ascii.toLowerCase(label);
        byte[] decoded = Base32Text.decode(serviceId);
        int version = decoded[decoded.length - 1] & 0xff;
        if (version != VERSION) {
            throw new InvalidAddressException(Reason.VERSION,
                "version byte is " + version + ", only version " + VERSION + " is supported", input);
        }
        byte[] publicKey = Arrays.copyOf(decoded, PUBLIC_KEY_LENGTH);
        byte[] checksum = Arrays.copyOfRange(decoded, PUBLIC_KEY_LENGTH, PUBLIC_KEY_LENGTH + CHECKSUM_LENGTH);
        if (!MessageDigest.isEqual(checksum, checksum(publicKey, version))) {
            throw new InvalidAddressException(Reason.CHECKSUM, "checksum mismatch", input);
        }
        if (!Ed25519.validatePublicKeyFull(publicKey, 0)) {
            throw new InvalidAddressException(Reason.KEY,
                "the public key is not an Ed25519 point of prime order", input);
        }
        return new OnionAddress(serviceId);
    }

    private static byte[] checksum(byte[] publicKey, int version) {
        SHA3Digest sha3 = new SHA3Digest(256);
        sha3.update(CHECKSUM_PREFIX, 0, CHECKSUM_PREFIX.length);
        sha3.update(publicKey, 0, publicKey.length);
        sha3.update((byte) version);
        byte[] digest = new byte[sha3.getDigestSize()];
        sha3.doFinal(digest, 0);
        return Arrays.copyOf(digest, CHECKSUM_LENGTH);
    }

    /** The 32-byte Ed25519 public key of the service. */
    public byte[] publicKey() {
        return Arrays.copyOf(Base32Text.decode(serviceId), PUBLIC_KEY_LENGTH);
    }

    /** The 56 lower-case characters without {@code .onion}: tor's ServiceID. */
    public String serviceId() {
        return serviceId;
    }

    /** {@code <56 characters>.onion}, as in tor's {@code hostname} file. */
    public String asString() {
        return serviceId + SUFFIX;
    }

    @Override
    public final boolean equals(Object o) {
        if (o instanceof OnionAddress) {
            OnionAddress that = (OnionAddress) o;
            return serviceId.equals(that.serviceId);
        }
        return false;
    }

    @Override
    public final int hashCode() {
        return serviceId.hashCode();
    }

    @Override
    public String toString() {
        return "OnionAddress{" + asString() + "}";
    }
}
