/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.address.OnionAddress;

class TlsIdentityTest {
    private static final OnionAddress ONION =
        OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-14T15:09:26Z"), ZoneOffset.UTC);
    private static final char[] PASSWORD = "correct horse".toCharArray();

    @TempDir
    Path temp;

    private final TlsIdentity identity = TlsIdentity.generate(ONION, new SecureRandom(), CLOCK);

    @Test
    void keyShouldBeEcdsaP256() {
        ECPublicKey key = (ECPublicKey) identity.certificate().getPublicKey();

        assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    }

    @Test
    void subjectShouldBeTheOnionOnly() {
        assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=" + ONION.asString());
    }

    @Test
    void certificateShouldBeSelfSigned() throws Exception {
        X509Certificate certificate = identity.certificate();
        certificate.verify(certificate.getPublicKey());

        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
    }

    @Test
    void subjectAlternativeNamesShouldBeTheOnionAndItsSubdomains() throws Exception {
        assertThat(identity.certificate().getSubjectAlternativeNames()).containsExactlyInAnyOrder(
            List.of(2, ONION.asString()),
            List.of(2, "*." + ONION.asString()));
    }

    @Test
    void certificateShouldNotNameThisHost() throws Exception {
        String hostName = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);

        // Every text the certificate carries, not its raw bytes: a short host name ("vm") turns up in random ones.
        assertThat(textsIn(ASN1Primitive.fromByteArray(identity.certificate().getEncoded())))
            .contains(ONION.asString())
            .noneMatch(text -> text.toLowerCase(Locale.ROOT).contains(hostName));
    }

    @Test
    void certificateShouldStartTheDayBeforeItWasMade() {
        assertThat(identity.certificate().getNotBefore().toInstant()).isEqualTo(Instant.parse("2025-03-13T00:00:00Z"));
    }

    @Test
    void certificateShouldNotExpire() {
        assertThat(identity.certificate().getNotAfter().toInstant()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void certificateShouldBeForTlsServers() throws Exception {
        assertThat(identity.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void certificateShouldNotBeACa() {
        assertThat(identity.certificate().getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void fingerprintShouldBeTheBase32Sha256OfTheSpki() throws Exception {
        byte[] spki = identity.certificate().getPublicKey().getEncoded();
        String expected = Base32.toBase32String(MessageDigest.getInstance("SHA-256").digest(spki))
            .replace("=", "").toLowerCase(Locale.ROOT);

        assertThat(identity.fingerprint().asString()).isEqualTo(expected);
    }

    @Test
    void fingerprintShouldMatchTheCertificate() {
        assertThat(identity.fingerprint().abbreviate(80).matches(identity.certificate())).isTrue();
    }

    @Test
    void namesShouldAcceptTheOnion() {
        assertThat(identity.names(ONION)).isTrue();
    }

    @Test
    void namesShouldRejectAnotherOnion() {
        OnionAddress other = OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");

        assertThat(identity.names(other)).isFalse();
    }

    @Test
    void keyStoreShouldLoadWithJavaSecurityKeyStore() throws Exception {
        Path file = temp.resolve("keystore.p12");
        identity.writeKeyStore(file, PASSWORD);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }

        assertThat(store.getCertificate(TlsIdentity.KEY_ALIAS)).isEqualTo(identity.certificate());
    }

    @Test
    void keyStoreShouldHoldTheKeyUnderTheStorePassword() throws Exception {
        Path file = temp.resolve("keystore.p12");
        identity.writeKeyStore(file, PASSWORD);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }

        assertThat(store.getKey(TlsIdentity.KEY_ALIAS, PASSWORD)).isEqualTo(identity.privateKey());
    }

    @Test
    void readKeyStoreShouldGiveTheSameFingerprint() throws Exception {
        Path file = temp.resolve("keystore.p12");
        identity.writeKeyStore(file, PASSWORD);

        assertThat(TlsIdentity.readKeyStore(file, PASSWORD).fingerprint()).isEqualTo(identity.fingerprint());
    }

    @Test
    void readKeyStoreShouldRejectAWrongPassword() throws Exception {
        Path file = temp.resolve("keystore.p12");
        identity.writeKeyStore(file, PASSWORD);

        assertThatThrownBy(() -> TlsIdentity.readKeyStore(file, "wrong".toCharArray()))
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(file + ": does not open with its password");
    }

    @Test
    void readKeyStoreShouldRejectAFileThatIsNoKeyStore() throws Exception {
        Path file = temp.resolve("keystore.p12");
        Files.write(file, "not a key store".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> TlsIdentity.readKeyStore(file, PASSWORD))
            .isInstanceOf(InvalidIdentityException.class)
            .hasMessage(file + ": is not a PKCS12 key store");
    }

    @Test
    void writeKeyStoreShouldMakeAFileOnlyTheOwnerCanRead() throws Exception {
        Path file = temp.resolve("keystore.p12");

        identity.writeKeyStore(file, PASSWORD);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void toStringShouldNotRevealTheKey() {
        String key = Base64.getEncoder().encodeToString(identity.privateKey().getEncoded());

        assertThat(identity.toString()).contains("key=<redacted>").doesNotContain(key.substring(0, 12));
    }

    private static List<String> textsIn(ASN1Primitive primitive) {
        List<String> texts = new ArrayList<>();
        if (primitive instanceof ASN1String) {
            texts.add(((ASN1String) primitive).getString());
        } else if (primitive instanceof ASN1Sequence || primitive instanceof ASN1Set) {
            Iterable<ASN1Encodable> elements = primitive instanceof ASN1Sequence
                ? (ASN1Sequence) primitive : (ASN1Set) primitive;
            elements.forEach(element -> texts.addAll(textsIn(element.toASN1Primitive())));
        } else if (primitive instanceof ASN1TaggedObject) {
            ASN1TaggedObject tagged = (ASN1TaggedObject) primitive;
            texts.addAll(textsIn(tagged.getBaseObject().toASN1Primitive()));
        } else if (primitive instanceof ASN1OctetString) {
            // Extension values are DER inside an OCTET STRING.
            try {
                texts.addAll(textsIn(ASN1Primitive.fromByteArray(((ASN1OctetString) primitive).getOctets())));
            } catch (IOException | IllegalArgumentException notDer) {
                // a key identifier or other opaque bytes
            }
        }
        return texts;
    }
}
