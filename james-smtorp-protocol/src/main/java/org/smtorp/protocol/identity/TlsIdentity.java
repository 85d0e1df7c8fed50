/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.identity;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

/**
 * The TLS key and self-signed server certificate of an SMTorP server, kept in
 * a PKCS12 key store that James's {@code smtpserver.xml} reads
 * ({@code <keystore>}, {@code <keystoreType>PKCS12</keystoreType>},
 * {@code <secret>}).
 *
 * <p>The key is ECDSA P-256: Java 11's SunJSSE serves it in TLS 1.2 and 1.3
 * (Ed25519 certificates need Java 15), every OpenSSL-based MTA accepts it, and
 * its small certificate and fast handshake suit Tor's slow circuits better
 * than RSA 3072. Peers pin the key (the SPKI {@link Fingerprint}), not a CA.
 *
 * <p>The certificate names only the onion: subject CN and SAN dNSName
 * {@code <onion>.onion}, SAN {@code *.<onion>.onion} for the fingerprinted
 * domain; its start is the day before creation, so it leaks neither host name
 * nor exact creation time, and it does not expire (RFC 5280 4.1.2.5).
 */
public final class TlsIdentity {
    public static final String KEY_STORE_TYPE = "PKCS12";
    static final String KEY_ALIAS = "smtorp";

    private static final String KEY_ALGORITHM = "EC";
    private static final String CURVE = "secp256r1";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final int SERIAL_BITS = 127;
    private static final Date NO_EXPIRY = Date.from(Instant.parse("9999-12-31T23:59:59Z"));

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final Fingerprint fingerprint;

    private TlsIdentity(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.fingerprint = Fingerprint.of(certificate);
    }

    /** A new P-256 key with a certificate for {@code onion}. */
    public static TlsIdentity generate(OnionAddress onion, SecureRandom random, Clock clock) {
        requireNonNull(onion, "onion");
        requireNonNull(random, "random");
        requireNonNull(clock, "clock");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
            generator.initialize(new ECGenParameterSpec(CURVE), random);
            KeyPair keyPair = generator.generateKeyPair();
            return new TlsIdentity(keyPair.getPrivate(), certify(onion, keyPair, random, clock));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("this JVM can not make a P-256 certificate", e);
        }
    }

    private static X509Certificate certify(OnionAddress onion, KeyPair keyPair, SecureRandom random, Clock clock)
        throws GeneralSecurityException, OperatorCreationException, CertIOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, onion.asString()).build();
        Date notBefore = Date.from(clock.instant().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS));
        BigInteger serial = new BigInteger(SERIAL_BITS, random).setBit(SERIAL_BITS - 1);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
            subject, serial, notBefore, NO_EXPIRY, subject, keyPair.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, onion.asString()),
                new GeneralName(GeneralName.dNSName, "*." + onion.asString())}))
            .addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
            new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(random).build(keyPair.getPrivate())));
    }

    /**
     * Reads the key entry of a PKCS12 key store written by {@link #writeKeyStore}.
     *
     * @throws InvalidIdentityException if the store does not open with the password, or holds no usable key
     */
    public static TlsIdentity readKeyStore(Path file, char[] password) throws IOException {
        requireNonNull(file, "file");
        requireNonNull(password, "password");
        byte[] bytes = OwnerOnlyFiles.read(file);
        try {
            KeyStore store = KeyStore.getInstance(KEY_STORE_TYPE);
            try {
                store.load(new ByteArrayInputStream(bytes), password);
            } catch (IOException e) {
                // The key store API reports a wrong password as an IOException caused by this.
                String detail = e.getCause() instanceof UnrecoverableKeyException
                    ? "does not open with its password"
                    : "is not a " + KEY_STORE_TYPE + " key store";
                throw new InvalidIdentityException(file, detail, e);
            }
            Key key = store.getKey(KEY_ALIAS, password);
            Certificate certificate = store.getCertificate(KEY_ALIAS);
            if (!(key instanceof PrivateKey) || !(certificate instanceof X509Certificate)) {
                throw new InvalidIdentityException(file, "has no key entry '" + KEY_ALIAS + "'");
            }
            TlsIdentity identity = new TlsIdentity((PrivateKey) key, (X509Certificate) certificate);
            if (!identity.keyMatchesCertificate()) {
                throw new InvalidIdentityException(file, "the key of '" + KEY_ALIAS + "' is not its certificate's");
            }
            return identity;
        } catch (GeneralSecurityException e) {
            throw new InvalidIdentityException(file, "can not be read as " + KEY_STORE_TYPE, e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Writes a new PKCS12 key store, rw-------, whose key entry has the store's password. */
    public void writeKeyStore(Path file, char[] password) throws IOException {
        requireNonNull(file, "file");
        requireNonNull(password, "password");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            KeyStore store = KeyStore.getInstance(KEY_STORE_TYPE);
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, privateKey, password, new Certificate[] {certificate});
            store.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM can not write a " + KEY_STORE_TYPE + " key store", e);
        }
        OwnerOnlyFiles.write(file, out.toByteArray());
    }

    private boolean keyMatchesCertificate() throws GeneralSecurityException {
        String algorithm = privateKey.getAlgorithm();
        String signatureAlgorithm = "RSA".equals(algorithm) ? "SHA256withRSA" : SIGNATURE_ALGORITHM;
        byte[] probe = "smtorp key check".getBytes(US_ASCII);
        Signature signer = Signature.getInstance(signatureAlgorithm);
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(signatureAlgorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    /** Whether the certificate is for {@code onion}: its SAN holds {@code <onion>.onion}. */
    public boolean names(OnionAddress onion) {
        requireNonNull(onion, "onion");
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names != null && names.stream().anyMatch(name ->
                Integer.valueOf(GeneralName.dNSName).equals(name.get(0)) && onion.asString().equals(name.get(1)));
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The full SPKI fingerprint of the certificate's key. */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "TlsIdentity{subject=" + certificate.getSubjectX500Principal().getName()
            + ", fingerprint=" + fingerprint.asString() + ", key=<redacted>}";
    }
}
