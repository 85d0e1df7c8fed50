/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.exceptions.TempFailException;

/**
 * Real DKIM keys for tests: each domain signs with its own RSA key (jDKIM's signer), and
 * {@link #retriever()} serves the public keys as DNS would, {@code <selector>._domainkey.<d>}
 * as a {@code v=DKIM1} TXT record. It counts the look-ups.
 */
public final class DkimKeys {
    public static final String SELECTOR = "mail";

    private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private volatile boolean dnsDown;
    private volatile boolean testing;

    /** Signs the raw message (CRLF line ends) as {@code d=domain}; returns the DKIM-Signature field. */
    public String sign(String message, String domain, String tags) throws Exception {
        return sign(message, domain, SELECTOR, "rsa-sha256", tags);
    }

    /** As {@link #sign(String, String, String)}, naming the selector and the algorithm ({@code a=}). */
    public String sign(String message, String domain, String selector, String algorithm, String tags)
        throws Exception {
        String template = "v=1; a=" + algorithm + "; c=relaxed/relaxed; d=" + domain + "; s=" + selector + "; "
            + tags + "; bh=; b=;";
        // The key is the domain's, final dot or not, as DNS serves it.
        return new DKIMSigner(template, keyOf(domain.replaceAll("\\.$", "")).getPrivate())
            .sign(new ByteArrayInputStream(message.getBytes(US_ASCII)));
    }

    /** {@code message} with the signature of {@code domain} prepended, as a signer adds it. */
    public String signed(String message, String domain, String tags) throws Exception {
        return sign(message, domain, tags) + "\r\n" + message;
    }

    public PublicKeyRecordRetriever retriever() {
        return (method, selector, domain) -> {
            synchronized (lookups) {
                lookups.add(selector + "._domainkey." + domain);
            }
            if (dnsDown) {
                throw new TempFailException("DNS timed out");
            }
            // DNS names the same domain with or without the final dot.
            KeyPair pair = keys.get(domain.toString().toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
            if (pair == null || !SELECTOR.contentEquals(selector)) {
                return List.of();
            }
            return List.of("v=DKIM1; k=rsa; " + (testing ? "t=y; " : "") + "p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        };
    }

    /** Publishes the keys flagged {@code t=y}, a domain testing DKIM. */
    public void testing() {
        testing = true;
    }

    public void dnsDown() {
        dnsDown = true;
    }

    public List<String> lookups() {
        synchronized (lookups) {
            return List.copyOf(lookups);
        }
    }

    public static MimeMessage parse(String message) throws Exception {
        return new MimeMessage(Session.getDefaultInstance(new java.util.Properties()),
            new ByteArrayInputStream(message.getBytes(US_ASCII)));
    }

    private KeyPair keyOf(String domain) {
        return keys.computeIfAbsent(domain.toLowerCase(Locale.ROOT), d -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
