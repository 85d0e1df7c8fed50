/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.InvalidSenderProofException.Reason;

/**
 * The arguments of {@code XONION <onion> <key> <signature>}: a delivering server names its
 * onion, gives its TLS public key (SubjectPublicKeyInfo, base64url) and signs, with that key,
 * the receiver's session challenge, the receiver's onion and its own onion (docs/announce.md).
 *
 * <p>James 3.8.1's SMTP server can not ask for a client certificate without requiring one from
 * a fixed trust store, so the client proves its TLS key in the SMTP session instead. Binding the
 * challenge makes a proof useless in any other session; binding the receiver's onion makes one
 * that a server got from us useless against a third server.
 *
 * <p>The key must be EC P-256, the type our identities use ({@code TlsIdentity}): anything else is
 * refused while parsing, so a stranger's key can not make the receiver do expensive signature
 * work (an RSA key with a huge public exponent makes each check slow).
 */
public final class SenderProof {
    /** The EHLO keyword and the verb. */
    public static final String KEYWORD = "XONION";
    private static final String CONTEXT = "SMTorP XONION v1";
    private static final String KEY_ALGORITHM = "EC";
    private static final String CURVE = "secp256r1";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final ECParameterSpec P256 = p256();
    // A P-256 SubjectPublicKeyInfo is 91 bytes (59 compressed), an ECDSA signature at most 72.
    private static final int MAX_KEY_BYTES = 128;
    private static final int MAX_SIGNATURE_BYTES = 128;

    private final OnionAddress sender;
    private final ECPublicKey key;
    private final byte[] subjectPublicKeyInfo;
    private final byte[] signature;

    private SenderProof(OnionAddress sender, ECPublicKey key, byte[] subjectPublicKeyInfo, byte[] signature) {
        this.sender = sender;
        this.key = key;
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
        this.signature = signature;
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance(KEY_ALGORITHM);
            parameters.init(new ECGenParameterSpec(CURVE));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no P-256 curve", e);
        }
    }

    /**
     * Signs a proof for the session whose EHLO offered {@code challenge}.
     *
     * @param receiver the onion we connected to
     * @param sender our own onion
     * @throws IllegalArgumentException if the key is not EC P-256, or does not sign
     */
    public static SenderProof sign(Challenge challenge, OnionAddress receiver, OnionAddress sender,
                                   PublicKey publicKey, PrivateKey privateKey) {
        requireNonNull(challenge, "challenge");
        requireNonNull(receiver, "receiver");
        requireNonNull(sender, "sender");
        requireNonNull(publicKey, "publicKey");
        requireNonNull(privateKey, "privateKey");
        // The receiver would refuse any other key: say so here, before a round trip.
        ECPublicKey key = p256Key(publicKey);
        try {
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(privateKey);
            signer.update(signed(challenge, receiver, sender));
            return new SenderProof(sender, key, key.getEncoded(), signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign an XONION proof with a " + publicKey.getAlgorithm()
                + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the verb's arguments, strictly, and decodes the key: a key of any type but EC P-256
     * is refused here, before any signature work.
     *
     * @throws InvalidSenderProofException naming what is malformed ({@link Reason#MALFORMED}) or the
     *     key type that is not taken ({@link Reason#KEY_TYPE})
     */
    public static SenderProof parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            throw malformed("XONION needs <onion> <key> <signature>");
        }
        String[] parts = arguments.trim().split(" ");
        if (parts.length != 3) {
            throw malformed("XONION takes 3 arguments, <onion> <key> <signature>, not " + parts.length);
        }
        OnionAddress sender;
        try {
            sender = OnionAddress.parse(parts[0]);
        } catch (InvalidAddressException e) {
            throw new InvalidSenderProofException(Reason.MALFORMED, "XONION onion: " + e.getMessage(), e);
        }
        byte[] subjectPublicKeyInfo = decode("key", parts[1], MAX_KEY_BYTES);
        byte[] signature = decode("signature", parts[2], MAX_SIGNATURE_BYTES);
        return new SenderProof(sender, p256Key(decodeKey(subjectPublicKeyInfo)), subjectPublicKeyInfo, signature);
    }

    private static byte[] decode(String what, String text, int maxBytes) {
        if (text.length() > (maxBytes * 4 + 2) / 3) {
            throw malformed("XONION " + what + " is longer than " + maxBytes + " bytes");
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSenderProofException(Reason.MALFORMED,
                "XONION " + what + " is not base64url: " + e.getMessage(), e);
        }
    }

    // The algorithm identifier first: a key of another type is refused before any key is built.
    private static PublicKey decodeKey(byte[] subjectPublicKeyInfo) {
        ASN1ObjectIdentifier algorithm;
        try {
            algorithm = SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo).getAlgorithm().getAlgorithm();
        } catch (RuntimeException e) {
            throw new InvalidSenderProofException(Reason.MALFORMED, "XONION key is not a SubjectPublicKeyInfo", e);
        }
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            throw new InvalidSenderProofException(Reason.KEY_TYPE, "XONION takes EC P-256 keys only, not "
                + (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm) ? "RSA" : "key type " + algorithm.getId()));
        }
        try {
            return KeyFactory.getInstance(KEY_ALGORITHM).generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
        } catch (GeneralSecurityException | RuntimeException e) {
            // Named curves the JVM does not know land here too.
            throw new InvalidSenderProofException(Reason.KEY_TYPE, "XONION takes EC P-256 keys only, not this EC key",
                e);
        }
    }

    private static ECPublicKey p256Key(PublicKey key) {
        if (!(key instanceof ECPublicKey) || !isP256(((ECPublicKey) key).getParams())) {
            throw new InvalidSenderProofException(Reason.KEY_TYPE, "XONION takes EC P-256 keys only, not "
                + (key instanceof ECPublicKey ? "another curve" : key.getAlgorithm()));
        }
        return (ECPublicKey) key;
    }

    private static boolean isP256(ECParameterSpec parameters) {
        return parameters.getCurve().equals(P256.getCurve()) && parameters.getGenerator().equals(P256.getGenerator())
            && parameters.getOrder().equals(P256.getOrder()) && parameters.getCofactor() == P256.getCofactor();
    }

    private static InvalidSenderProofException malformed(String message) {
        return new InvalidSenderProofException(Reason.MALFORMED, message);
    }

    /**
     * Checks the signature for this session.
     *
     * @param receiver our own onion: a proof made for another server does not count here
     * @throws InvalidSenderProofException ({@link Reason#SIGNATURE}) if the signature does not verify
     */
    public ProvedSender verify(Challenge challenge, OnionAddress receiver) {
        requireNonNull(challenge, "challenge");
        requireNonNull(receiver, "receiver");
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signed(challenge, receiver, sender));
            if (!verifier.verify(signature)) {
                throw new InvalidSenderProofException(Reason.SIGNATURE,
                    "XONION signature does not verify for this session");
            }
        } catch (GeneralSecurityException e) {
            // A malformed signature encoding is a failed proof, not a server error.
            throw new InvalidSenderProofException(Reason.SIGNATURE, "XONION signature does not verify: "
                + e.getMessage(), e);
        }
        return ProvedSender.of(sender, Fingerprint.of(subjectPublicKeyInfo));
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
