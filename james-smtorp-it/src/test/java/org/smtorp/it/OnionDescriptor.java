/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.smtorp.lab.tor.ControlEndpoint;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.address.OnionAddress;

import net.freehaven.tor.control.TorControlConnection;

/**
 * A v3 onion service descriptor as a client tor fetched it, decrypted (rend-spec-v3 2.5: both
 * layers, no client authorisation) so that tests can read what the service published in its
 * inner layer, such as the proof-of-work parameters ({@code pow-params}).
 */
final class OnionDescriptor {
    private static final Pattern CERT = Pattern.compile(
        "descriptor-signing-key-cert\n-----BEGIN ED25519 CERT-----\n([^-]+)-----END ED25519 CERT-----");
    private static final Pattern REVISION = Pattern.compile("(?m)^revision-counter (\\d+)$");
    private static final Pattern SUPERENCRYPTED = Pattern.compile(
        "superencrypted\n-----BEGIN MESSAGE-----\n([^-]+)-----END MESSAGE-----");
    private static final Pattern ENCRYPTED = Pattern.compile(
        "encrypted\n-----BEGIN MESSAGE-----\n([^-]+)-----END MESSAGE-----");
    private static final int SALT = 16;
    private static final int MAC = 32;
    private static final int KEY = 32;
    private static final int IV = 16;
    /** Cert extension "signed-with-ed25519-key": for the descriptor signing key, the blinded key. */
    private static final int SIGNED_WITH_KEY = 4;

    private final List<String> innerLines;

    private OnionDescriptor(List<String> innerLines) {
        this.innerLines = innerLines;
    }

    /**
     * The descriptor the network's client fetched for {@code onion} to greet its port 25: what any
     * sender on the network sees published.
     */
    static OnionDescriptor greetedThrough(TorNetwork network, OnionAddress onion, Duration patience)
        throws IOException {
        try (OnionClient client = OnionClient.connect(network.socksAddress(), onion, 25, patience)) {
            if (!client.greeting().startsWith("220 ")) {
                throw new IOException("no 220 greeting from " + onion.asString() + ": " + client.greeting());
            }
        }
        return fetchedBy(network.clientControl(), onion);
    }

    /** The descriptor of {@code onion} in the client tor's cache ({@code GETINFO hs/client/desc/id/}). */
    static OnionDescriptor fetchedBy(ControlEndpoint client, OnionAddress onion) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(client.address(), 10_000);
            TorControlConnection control = new TorControlConnection(socket);
            control.launchThread(true);
            control.authenticate(Files.readAllBytes(client.cookieFile()));
            return decrypt(control.getInfo("hs/client/desc/id/" + onion.serviceId()), onion);
        }
    }

    static OnionDescriptor decrypt(String descriptor, OnionAddress onion) {
        String text = descriptor.replace("\r\n", "\n");
        byte[] blindedKey = blindedKey(base64(find(CERT, text)));
        long revision = Long.parseLong(find(REVISION, text));
        byte[] subcredential = sha3("subcredential".getBytes(StandardCharsets.US_ASCII),
            sha3("credential".getBytes(StandardCharsets.US_ASCII), onion.publicKey()), blindedKey);
        String outer = layer(base64(find(SUPERENCRYPTED, text)), blindedKey, subcredential, revision,
            "hsdir-superencrypted-data");
        String inner = layer(base64(find(ENCRYPTED, outer)), blindedKey, subcredential, revision,
            "hsdir-encrypted-data");
        return new OnionDescriptor(List.of(inner.split("\n")));
    }

    /** The {@code pow-params} line, e.g. {@code pow-params v1 <seed> <effort> <expiry>}, if the service offers it. */
    Optional<String> powParams() {
        return innerLines.stream().filter(line -> line.startsWith("pow-params ")).findFirst();
    }

    /** The proof-of-work scheme the service asks for, e.g. {@code v1}. */
    Optional<String> powScheme() {
        return powParams().map(line -> line.split(" ")[1]);
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalArgumentException("descriptor without " + pattern.pattern().split("\n")[0]);
        }
        return matcher.group(1);
    }

    private static byte[] base64(String text) {
        return Base64.getMimeDecoder().decode(text.replace("\n", ""));
    }

    // cert-spec: version, type, expiration(4), key type, certified key(32), n extensions, extensions.
    private static byte[] blindedKey(byte[] cert) {
        ByteBuffer buffer = ByteBuffer.wrap(cert);
        buffer.position(1 + 1 + 4 + 1 + 32);
        int extensions = buffer.get() & 0xff;
        for (int i = 0; i < extensions; i++) {
            int length = buffer.getShort() & 0xffff;
            int type = buffer.get() & 0xff;
            buffer.get();
            byte[] data = new byte[length];
            buffer.get(data);
            if (type == SIGNED_WITH_KEY) {
                return data;
            }
        }
        throw new IllegalArgumentException("descriptor signing key certificate names no signing key");
    }

    // SALT | AES-256-CTR(plaintext) | MAC, keys from SHAKE-256(secret_input | salt | constant).
    private static String layer(byte[] blob, byte[] blindedKey, byte[] subcredential, long revision,
                                String constant) {
        byte[] salt = Arrays.copyOfRange(blob, 0, SALT);
        byte[] ciphertext = Arrays.copyOfRange(blob, SALT, blob.length - MAC);
        SHAKEDigest shake = new SHAKEDigest(256);
        for (byte[] part : List.of(blindedKey, subcredential, ByteBuffer.allocate(8).putLong(revision).array(), salt,
                constant.getBytes(StandardCharsets.US_ASCII))) {
            shake.update(part, 0, part.length);
        }
        byte[] keys = new byte[KEY + IV + MAC];
        shake.doFinal(keys, 0, keys.length);
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys, 0, KEY, "AES"),
                new IvParameterSpec(keys, KEY, IV));
            return new String(aes.doFinal(ciphertext), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha3(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA3-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
