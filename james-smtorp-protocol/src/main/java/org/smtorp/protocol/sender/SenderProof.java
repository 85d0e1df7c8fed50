/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.pow.xpow.Challenge;

/**
 * The arguments of {@code XONION <onion> <key> <signature>}: a delivering server names its
 * onion, gives its TLS public key (SubjectPublicKeyInfo, base64url) and signs, with that key,
 * the receiver's session challenge, the receiver's onion and its own onion (docs/announce.md).
 *
 * <p>James 3.8.1's SMTP server can not ask for a client certificate without requiring one from
 * a fixed trust store, so the client proves its TLS key in the SMTP session instead. Binding the
 * challenge makes a proof useless in any other session; binding the receiver's onion makes one
 * that a server got from us useless against a third server.
 */
public final class SenderProof {
    /** The EHLO keyword and the verb. */
    public static final String KEYWORD = "XONION";
    private static final String CONTEXT = "SMTorP XONION v1";
    // An EC P-256 key is 91 bytes, an RSA 4096 one about 550: generous, but bounded.
    private static final int MAX_KEY_BYTES = 2048;
    private static final int MAX_SIGNATURE_BYTES = 1024;

    private final OnionAddress sender;
    private final byte[] subjectPublicKeyInfo;
    private final byte[] signature;

    private SenderProof(OnionAddress sender, byte[] subjectPublicKeyInfo, byte[] signature) {
        this.sender = sender;
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
        this.signature = signature;
    }

    /**
     * Signs a proof for the session whose EHLO offered {@code challenge}.
     *
     * @param receiver the onion we connected to
     * @param sender our own onion
     * @throws IllegalArgumentException if the key is neither EC nor RSA, or does not sign
     */
    public static SenderProof sign(Challenge challenge, OnionAddress receiver, OnionAddress sender,
                                   PublicKey publicKey, PrivateKey privateKey) {
        requireNonNull(challenge, "challenge");
        requireNonNull(receiver, "receiver");
        requireNonNull(sender, "sender");
        requireNonNull(publicKey, "publicKey");
        requireNonNull(privateKey, "privateKey");
        try {
            Signature signer = Signature.getInstance(algorithm(publicKey.getAlgorithm()));
            signer.initSign(privateKey);
            signer.update(signed(challenge, receiver, sender));
            return new SenderProof(sender, publicKey.getEncoded(), signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign an XONION proof with a " + publicKey.getAlgorithm()
                + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the verb's arguments, strictly.
     *
     * @throws InvalidSenderProofException naming what is malformed
     */
    public static SenderProof parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            throw new InvalidSenderProofException("XONION needs <onion> <key> <signature>");
        }
        String[] parts = arguments.trim().split(" ");
        if (parts.length != 3) {
            throw new InvalidSenderProofException("XONION takes 3 arguments, <onion> <key> <signature>, not "
                + parts.length);
        }
        OnionAddress sender;
        try {
            sender = OnionAddress.parse(parts[0]);
        } catch (InvalidAddressException e) {
            throw new InvalidSenderProofException("XONION onion: " + e.getMessage(), e);
        }
        return new SenderProof(sender, decode("key", parts[1], MAX_KEY_BYTES),
            decode("signature", parts[2], MAX_SIGNATURE_BYTES));
    }

    private static byte[] decode(String what, String text, int maxBytes) {
        if (text.length() > (maxBytes * 4 + 2) / 3) {
            throw new InvalidSenderProofException("XONION " + what + " is longer than " + maxBytes + " bytes");
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSenderProofException("XONION " + what + " is not base64url: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the signature for this session.
     *
     * @param receiver our own onion: a proof made for another server does not count here
     * @throws InvalidSenderProofException if the key does not load or the signature does not verify
     */
    public ProvedSender verify(Challenge challenge, OnionAddress receiver) {
        requireNonNull(challenge, "challenge");
        requireNonNull(receiver, "receiver");
        PublicKey key = publicKey();
        try {
            Signature verifier = Signature.getInstance(algorithm(key.getAlgorithm()));
            verifier.initVerify(key);
            verifier.update(signed(challenge, receiver, sender));
            if (!verifier.verify(signature)) {
                throw new InvalidSenderProofException("XONION signature does not verify for this session");
            }
        } catch (GeneralSecurityException e) {
            // A malformed signature encoding is a failed proof, not a server error.
            throw new InvalidSenderProofException("XONION signature does not verify: " + e.getMessage(), e);
        }
        return ProvedSender.of(sender, Fingerprint.of(subjectPublicKeyInfo));
    }

    private PublicKey publicKey() {
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
            } catch (GeneralSecurityException e) {
                // Try the next type; neither fits: refused below.
            }
        }
        throw new InvalidSenderProofException("XONION key is not an EC or RSA SubjectPublicKeyInfo");
    }

    private static String algorithm(String keyAlgorithm) throws GeneralSecurityException {
        switch (keyAlgorithm) {
            case "EC":
                return "SHA256withECDSA";
            case "RSA":
                return "SHA256withRSA";
            default:
                throw new GeneralSecurityException("XONION signs with EC or RSA keys only, not " + keyAlgorithm);
        }
    }

    private static byte[] signed(Challenge challenge, OnionAddress receiver, OnionAddress sender) {
        return (CONTEXT + '\0' + challenge.asString() + '\0' + receiver.asString() + '\0' + sender.asString())
            .getBytes(US_ASCII);
    }

    /** The onion the client claims. */
    public OnionAddress sender() {
        return sender;
    }

    /** The verb's arguments: {@code <onion> <key> <signature>}. */
    public String asString() {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return sender.asString() + " " + encoder.encodeToString(subjectPublicKeyInfo) + " "
            + encoder.encodeToString(signature);
    }

    @Override
    public String toString() {
        return KEYWORD + " for " + sender.asString() + " with key "
            + Fingerprint.of(subjectPublicKeyInfo).abbreviate(Fingerprint.MIN_BITS).asString();
    }
}
