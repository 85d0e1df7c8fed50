/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import static java.util.Objects.requireNonNull;

import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jdkim.mailets.DKIMVerifier;

/**
 * Verifies a message's DKIM signatures with James's own verifier (the one its DKIMVerify
 * mailet runs, line ends forced to CRLF as DKIMVerify does by default) and keeps the
 * records of the signatures that verified. DKIMVerify itself only leaves a text for people
 * ({@code jDKIM.AUTHRESULT}) that says neither which signature passed nor what it covered.
 */
public final class DkimVerification {
    /**
     * Each signature costs a DNS query and an RSA check, whoever wrote it; a mail that passed a
     * few mailing lists has a handful. More are not verified at all.
     */
    public static final int MAX_SIGNATURES = 10;
    public static final String FIELD = "DKIM-Signature";

    private final DKIMVerifier verifier;

    private DkimVerification(DKIMVerifier verifier) {
        this.verifier = verifier;
    }

    /** Keys come from {@code keys}: James binds DNS TXT look-ups; tests serve their own key. */
    public static DkimVerification with(PublicKeyRecordRetriever keys) {
        return new DkimVerification(new DKIMVerifier(requireNonNull(keys, "keys")));
    }

    public DkimResult verify(MimeMessage message) {
        try {
            String[] signatures = message.getHeader(FIELD);
            if (signatures != null && signatures.length > MAX_SIGNATURES) {
                return DkimResult.POLICY;
            }
            List<SignatureRecord> passed = verifier.verify(message, true);
            return passed == null || passed.isEmpty() ? DkimResult.NONE : DkimResult.pass(passed);
        } catch (TempFailException e) {
            return DkimResult.TEMPERROR;
        } catch (FailException | MessagingException | RuntimeException e) {
            // A message or a signature jDKIM can not read verified nothing.
            return DkimResult.FAIL;
        }
    }
}
