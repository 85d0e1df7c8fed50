/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.TlsIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;

class SenderProofTest {
    private static final OnionAddress SENDER =
        OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final OnionAddress RECEIVER =
        OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
    private static final OnionAddress THIRD =
        OnionAddress.parse("25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TlsIdentity TLS = TlsIdentity.generate(SENDER, RANDOM, CLOCK);

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Challenge challenge = Challenge.random(RANDOM);

    private SenderProof signed(Challenge challenge, OnionAddress receiver) {
        return SenderProof.sign(challenge, receiver, SENDER, TLS.certificate().getPublicKey(), TLS.privateKey());
    }

    private static SenderProof overTheWire(SenderProof proof) {
        return SenderProof.parse(proof.asString());
    }

    @Test
    void verifyShouldAnswerTheOnionAndTheFullFingerprintOfTheKey() {
        ProvedSender proved = overTheWire(signed(challenge, RECEIVER)).verify(challenge, RECEIVER);

        assertThat(proved).isEqualTo(ProvedSender.of(SENDER, TLS.fingerprint()));
    }

    @Test
    void signShouldRefuseAnRsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();

        assertThatThrownBy(() -> SenderProof.sign(challenge, RECEIVER, SENDER, rsa.getPublic(), rsa.getPrivate()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("EC P-256 keys only");
    }

    @Test
    void parseShouldRefuseAnRsaKeyBeforeAnySignatureWork() {
        // 512-bit modulus and a 256-bit exponent: small enough for the length rule, slow to verify.
        String key = ENCODER.encodeToString(rsaSubjectPublicKeyInfo(512, 256));

        assertThatThrownBy(() -> SenderProof.parse(SENDER.asString() + " " + key + " AAAA"))
            .isInstanceOfSatisfying(InvalidSenderProofException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidSenderProofException.Reason.KEY_TYPE))
            .hasMessageContaining("EC P-256");
    }

    @Test
    void parseShouldRefuseAnRsaKeyWithAHugeExponentByItsLengthAlone() {
        String key = ENCODER.encodeToString(rsaSubjectPublicKeyInfo(2048, 16_000));

        assertThatThrownBy(() -> SenderProof.parse(SENDER.asString() + " " + key + " " + "A".repeat(342)))
            .isInstanceOfSatisfying(InvalidSenderProofException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidSenderProofException.Reason.MALFORMED))
            .hasMessageContaining("key is longer than 128 bytes");
    }

    @Test
    void parseShouldRefuseAnEcKeyOnAnotherCurve() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        String key = ENCODER.encodeToString(generator.generateKeyPair().getPublic().getEncoded());

        assertThatThrownBy(() -> SenderProof.parse(SENDER.asString() + " " + key + " AAAA"))
            .isInstanceOfSatisfying(InvalidSenderProofException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidSenderProofException.Reason.KEY_TYPE))
            .hasMessageContaining("another curve");
    }

    private static byte[] rsaSubjectPublicKeyInfo(int modulusBits, int exponentBits) {
        BigInteger modulus = BigInteger.ONE.shiftLeft(modulusBits - 1).add(BigInteger.valueOf(1234567));
        BigInteger exponent = BigInteger.ONE.shiftLeft(exponentBits - 1).add(BigInteger.ONE);
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                DERNull.INSTANCE), new RSAPublicKey(modulus, exponent)).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void verifyShouldRefuseAProofForAnotherSession() {
        SenderProof proof = overTheWire(signed(Challenge.random(RANDOM), RECEIVER));

        assertThatThrownBy(() -> proof.verify(challenge, RECEIVER))
            .isInstanceOf(InvalidSenderProofException.class)
            .hasMessageContaining("does not verify");
    }

    @Test
    void verifyShouldRefuseAProofMadeForAnotherReceiver() {
        SenderProof proof = overTheWire(signed(challenge, THIRD));

        assertThatThrownBy(() -> proof.verify(challenge, RECEIVER))
            .isInstanceOf(InvalidSenderProofException.class);
    }

    @Test
    void verifyShouldRefuseAProofWhoseOnionWasReplaced() {
        String[] parts = signed(challenge, RECEIVER).asString().split(" ");
        SenderProof claimed = SenderProof.parse(THIRD.asString() + " " + parts[1] + " " + parts[2]);

        assertThatThrownBy(() -> claimed.verify(challenge, RECEIVER))
            .isInstanceOf(InvalidSenderProofException.class);
    }

    @Test
    void verifyShouldRefuseAProofWhoseKeyWasReplaced() {
        TlsIdentity other = TlsIdentity.generate(SENDER, RANDOM, CLOCK);
        String[] parts = signed(challenge, RECEIVER).asString().split(" ");
        String otherKey = java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString(other.certificate().getPublicKey().getEncoded());
        SenderProof claimed = SenderProof.parse(parts[0] + " " + otherKey + " " + parts[2]);

        assertThatThrownBy(() -> claimed.verify(challenge, RECEIVER))
            .isInstanceOf(InvalidSenderProofException.class);
    }

    @Test
    void parseShouldRefuseAKeyThatIsNotASubjectPublicKeyInfo() {
        assertThatThrownBy(() -> SenderProof.parse(SENDER.asString() + " AAAA AAAA"))
            .isInstanceOf(InvalidSenderProofException.class)
            .hasMessageContaining("not a SubjectPublicKeyInfo");
    }

    @Test
    void parseShouldRefuseAMissingArgument() {
        assertThatThrownBy(() -> SenderProof.parse(SENDER.asString() + " AAAA"))
            .isInstanceOf(InvalidSenderProofException.class)
            .hasMessageContaining("3 arguments");
    }

    @Test
    void parseShouldRefuseNoArguments() {
        assertThatThrownBy(() -> SenderProof.parse(null))
            .isInstanceOf(InvalidSenderProofException.class)
            .hasMessageContaining("<onion> <key> <signature>");
    }

    @Test
    void parseShouldNameABadOnion() {
        assertThatThrownBy(() -> SenderProof.parse("expyuzz4wqqyqhjn.onion AAAA AAAA"))
            .isInstanceOf(InvalidSenderProofException.class)
            .hasMessageContaining("XONION onion")
            .hasMessageContaining("v2");
    }

    @Test
    void parseShouldRefuseAKeyThatIsNotBase64Url() {
        assertThatThrownBy(() -> SenderProof.parse(SENDER.asString() + " a+b/ AAAA"))
            .isInstanceOf(InvalidSenderProofException.class)
            .hasMessageContaining("key is not base64url");
    }

    @Test
    void parseShouldRefuseAnOverlongKey() {
        assertThatThrownBy(() -> SenderProof.parse(SENDER.asString() + " " + "A".repeat(4000) + " AAAA"))
            .isInstanceOf(InvalidSenderProofException.class)
            .hasMessageContaining("longer than 128 bytes");
    }
}
