/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import java.util.List;

import org.apache.james.jdkim.api.SignatureRecord;

/**
 * What verifying a message's DKIM signatures gave, as typed records: the signatures that
 * verified (their own {@code d=}, {@code h=}, {@code l=} tags, as jDKIM parsed them), or why
 * none did. Result names as in RFC 8601 section 2.7.1.
 */
public final class DkimResult {
    public enum Kind {
        /** No DKIM-Signature field, or nothing was verified because no SMTorP-Address needed it. */
        NONE,
        /** At least one signature verified; {@link #passed()} lists them, and only them. */
        PASS,
        /** Signatures were there and none verified. */
        FAIL,
        /** No signature verified and a key could not be fetched for now (DNS). */
        TEMPERROR,
        /** Not verified: more signatures than {@link DkimVerification#MAX_SIGNATURES}. */
        POLICY
    }

    public static final DkimResult NONE = new DkimResult(Kind.NONE, List.of());
    public static final DkimResult FAIL = new DkimResult(Kind.FAIL, List.of());
    public static final DkimResult TEMPERROR = new DkimResult(Kind.TEMPERROR, List.of());
    public static final DkimResult POLICY = new DkimResult(Kind.POLICY, List.of());

    private final Kind kind;
    private final List<SignatureRecord> passed;

    private DkimResult(Kind kind, List<SignatureRecord> passed) {
        this.kind = kind;
        this.passed = passed;
    }

    /** @throws IllegalArgumentException if {@code passed} is empty: a pass names what passed */
    public static DkimResult pass(List<SignatureRecord> passed) {
        if (passed.isEmpty()) {
            throw new IllegalArgumentException("a DKIM pass needs a signature that verified");
        }
        return new DkimResult(Kind.PASS, List.copyOf(passed));
    }

    public Kind kind() {
        return kind;
    }

    /** The signatures that verified: empty unless {@link Kind#PASS}. */
    public List<SignatureRecord> passed() {
        return passed;
    }

    @Override
    public String toString() {
        return kind == Kind.PASS ? "pass (" + passed.size() + " signature(s))" : kind.name().toLowerCase();
    }
}
