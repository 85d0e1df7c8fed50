/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jdkim.mailets.DKIMVerifier;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Verifies a message's DKIM signatures with James's own verifier (the one its DKIMVerify
 * mailet runs, line ends forced to CRLF as DKIMVerify does by default) and keeps the
 * records of the signatures that verified. DKIMVerify itself only leaves a text for people
 * ({@code jDKIM.AUTHRESULT}) that says neither which signature passed nor what it covered.
 *
 * <p>Two uses: {@link #with} verifies any domain's signature (an announcement names its own
 * domain); {@link #exempting} only the listed domains', and passes only signatures that cover
 * what a reader sees ({@link CoveringSignatures}), for a message that pays nothing for it.
 */
public final class DkimVerification {
    /**
     * Each signature costs a DNS query and an RSA check, whoever wrote it; a mail that passed a
     * few mailing lists has a handful. More are not verified at all.
     */
    public static final int MAX_SIGNATURES = 10;
    public static final String FIELD = "DKIM-Signature";

    private final PublicKeyRecordRetriever keys;
    private final Optional<ListedDomainKeys> listed;

    private DkimVerification(PublicKeyRecordRetriever keys, Optional<ListedDomainKeys> listed) {
        this.keys = keys;
        this.listed = listed;
    }

    /**
     * Keys of any domain come from {@code keys}: James binds DNS TXT look-ups; tests serve their own
     * key. Each is asked for under its absolute name ({@link SigningDomain#absolute}); a {@code d=}
     * under {@code .onion}, or one that names no domain, is never asked for: its signature fails.
     */
    public static DkimVerification with(PublicKeyRecordRetriever keys) {
        requireNonNull(keys, "keys");
        PublicKeyRecordRetriever absolute = (method, selector, token) -> keys.getRecords(method, selector,
            SigningDomain.of(token)
                // A stranger writes d=: an onion name there must not become a DNS query (RFC 7686).
                .filter(domain -> !SmtorpDomain.isUnderOnion(domain.asString()))
                .map(SigningDomain::absolute)
                .orElseThrow(() -> new PermFailException("no key is looked up for an onion or a name that is"
                    + " not a domain")));
        return new DkimVerification(absolute, Optional.empty());
    }

    /**
     * Only the listed domains' keys are fetched, at most {@link ListedDomainKeys#MAX_LOOKUPS} a
     * message; a pass needs a signature that covers the message; {@link DkimResult.Kind#TEMPERROR}
     * whenever no such signature verified and a listed domain's key was out of reach, whatever
     * else the other signatures gave.
     */
    public static DkimVerification exempting(ListedDomainKeys keys) {
        return new DkimVerification(null, Optional.of(requireNonNull(keys, "keys")));
    }

    public DkimResult verify(MimeMessage message) {
        String[] signatures;
        try {
            signatures = message.getHeader(FIELD);
        } catch (MessagingException e) {
            return DkimResult.FAIL;
        }
        if (signatures != null && signatures.length > MAX_SIGNATURES) {
            return DkimResult.POLICY;
        }
        if (listed.isEmpty()) {
            return verify(message, keys);
        }
        ListedDomainKeys.Lookups lookups = listed.get().lookups();
        DkimResult result = verify(message, lookups);
        if (result.kind() == DkimResult.Kind.PASS) {
            try {
                List<SignatureRecord> covering = CoveringSignatures.of(result.passed(), message);
                if (!covering.isEmpty()) {
                    return DkimResult.pass(covering);
                }
            } catch (MessagingException e) {
                // Not read: covers nothing.
            }
        }
        // jDKIM reports "found 2 invalid signatures" for a DNS failure and another failure: the typed record says it.
        if (lookups.keyUnavailable()) {
            return DkimResult.TEMPERROR;
        }
        return result.kind() == DkimResult.Kind.PASS ? DkimResult.FAIL : result;
    }

    private static DkimResult verify(MimeMessage message, PublicKeyRecordRetriever keys) {
        try {
            List<SignatureRecord> passed = new DKIMVerifier(keys).verify(message, true);
            return passed == null || passed.isEmpty() ? DkimResult.NONE : DkimResult.pass(passed);
        } catch (TempFailException e) {
            return DkimResult.TEMPERROR;
        } catch (FailException | MessagingException | RuntimeException e) {
            // A message or a signature jDKIM can not read verified nothing.
            return DkimResult.FAIL;
        }
    }
}
