/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.smtorp.protocol.address.OnionAddress;

/**
 * The Ed25519 identity key of an onion service, made here so that the onion
 * address is known before tor runs.
 *
 * <p>The secret is kept in tor's form, the 64-byte expanded key
 * {@code SHA-512(seed)} with the scalar clamped: tor stores no seed, so this is
 * the one form in which keys made by tor and keys made here both load.
 */
public final class OnionServiceKey {
    static final int SEED_LENGTH = 32;
    static final int EXPANDED_LENGTH = 64;
    private static final int SCALAR_LENGTH = 32;
    private static final String ADD_ONION_KEY_TYPE = "ED25519-V3:";

    private final byte[] expandedSecretKey;
    private final OnionAddress onion;

    private OnionServiceKey(byte[] expandedSecretKey, OnionAddress onion) {
        this.expandedSecretKey = expandedSecretKey;
        this.onion = onion;
    }

    public static OnionServiceKey generate(SecureRandom random) {
        requireNonNull(random, "random");
        byte[] seed = new Ed25519PrivateKeyParameters(random).getEncoded();
        try {
            return fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The key of an RFC 8032 32-byte private key (seed). */
    public static OnionServiceKey fromSeed(byte[] seed) {
        requireNonNull(seed, "seed");
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed has " + SEED_LENGTH + " bytes, not " + seed.length);
        }
        byte[] publicKey = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        return new OnionServiceKey(expand(seed), OnionAddress.fromPublicKey(publicKey));
    }

    /**
     * The key of a 64-byte expanded secret key, as in tor's
     * {@code hs_ed25519_secret_key} and {@code ADD_ONION ED25519-V3:}.
     *
     * @throws IllegalArgumentException if it is not 64 bytes or its scalar is not clamped
     */
    public static OnionServiceKey fromExpandedSecretKey(byte[] expandedSecretKey) {
        requireNonNull(expandedSecretKey, "expandedSecretKey");
        if (expandedSecretKey.length != EXPANDED_LENGTH) {
            throw new IllegalArgumentException(
                "an expanded Ed25519 secret key has " + EXPANDED_LENGTH + " bytes, not " + expandedSecretKey.length);
        }
        if (!isClamped(expandedSecretKey)) {
            throw new IllegalArgumentException("the scalar of the expanded secret key is not clamped");
        }
        byte[] copy = expandedSecretKey.clone();
        return new OnionServiceKey(copy, OnionAddress.fromPublicKey(PublicPoint.of(copy)));
    }

    // RFC 8032 5.1.5: the scalar is the first half of SHA-512(seed), clamped.
    private static byte[] expand(byte[] seed) {
        SHA512Digest sha512 = new SHA512Digest();
        sha512.update(seed, 0, seed.length);
        byte[] expanded = new byte[EXPANDED_LENGTH];
        sha512.doFinal(expanded, 0);
        expanded[0] &= (byte) 0xf8;
        expanded[31] &= 0x3f;
        expanded[31] |= 0x40;
        return expanded;
    }

    private static boolean isClamped(byte[] expanded) {
        return (expanded[0] & 0x07) == 0 && (expanded[31] & 0xc0) == 0x40;
    }

    public OnionAddress onion() {
        return onion;
    }

    /**
     * The key argument of tor's {@code ADD_ONION}: {@code ED25519-V3:<base64 of the expanded key>}.
     * A secret: never log it.
     */
    public String addOnionKey() {
        return ADD_ONION_KEY_TYPE + Base64.getEncoder().encodeToString(expandedSecretKey);
    }

    byte[] expandedSecretKey() {
        return expandedSecretKey.clone();
    }

    @Override
    public String toString() {
        return "OnionServiceKey{onion=" + onion.asString() + ", secret=<redacted>}";
    }

    /**
     * The public key of an expanded secret key: the scalar times the base point.
     * BouncyCastle 1.70 only derives it from a seed, so this multiplies on its
     * Weierstrass form of Curve25519 and maps the point to Edwards form
     * (RFC 7748 4.1): u = x - A/3, then y = (u - 1) / (u + 1) and x = c * u / v.
     * Runs once per load; it is not constant-time.
     */
    static final class PublicPoint {
        private static final X9ECParameters CURVE = CustomNamedCurves.getByName("curve25519");
        private static final BigInteger P = CURVE.getCurve().getField().getCharacteristic();
        private static final BigInteger A_THIRD =
            BigInteger.valueOf(486662).multiply(BigInteger.valueOf(3).modInverse(P)).mod(P);
        // The x of RFC 8032's base point B.
        private static final BigInteger EDWARDS_BASE_X = new BigInteger(
            "15112221349535400772501151409588531511454012693041857206046113283949847762202");
        // sqrt(-486664) with the sign that maps BouncyCastle's generator to B, not -B.
        private static final BigInteger C = computeC();

        private PublicPoint() {
        }

        static byte[] of(byte[] expandedSecretKey) {
            BigInteger scalar = littleEndian(Arrays.copyOf(expandedSecretKey, SCALAR_LENGTH)).mod(CURVE.getN());
            ECPoint point = CURVE.getG().multiply(scalar).normalize();
            if (point.isInfinity()) {
                throw new IllegalArgumentException("the scalar of the expanded secret key is a multiple of the order");
            }
            BigInteger u = point.getAffineXCoord().toBigInteger().subtract(A_THIRD).mod(P);
            BigInteger v = point.getAffineYCoord().toBigInteger();
            BigInteger y = u.subtract(BigInteger.ONE).multiply(u.add(BigInteger.ONE).modInverse(P)).mod(P);
            BigInteger x = C.multiply(u).multiply(v.modInverse(P)).mod(P);
            byte[] encoded = toLittleEndian(y);
            if (x.testBit(0)) {
                encoded[SCALAR_LENGTH - 1] |= (byte) 0x80;
            }
            return encoded;
        }

        private static BigInteger computeC() {
            ECPoint g = CURVE.getG().normalize();
            BigInteger u = g.getAffineXCoord().toBigInteger().subtract(A_THIRD).mod(P);
            BigInteger v = g.getAffineYCoord().toBigInteger();
            return EDWARDS_BASE_X.multiply(v).multiply(u.modInverse(P)).mod(P);
        }

        private static BigInteger littleEndian(byte[] bytes) {
            byte[] bigEndian = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                bigEndian[i] = bytes[bytes.length - 1 - i];
            }
            return new BigInteger(1, bigEndian);
        }

        private static byte[] toLittleEndian(BigInteger value) {
            byte[] bigEndian = value.toByteArray();
            byte[] out = new byte[SCALAR_LENGTH];
            for (int i = 0; i < SCALAR_LENGTH && i < bigEndian.length; i++) {
                out[i] = bigEndian[bigEndian.length - 1 - i];
            }
            return out;
        }
    }
}
