/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verification of any domain's signature, as announcements use it. */
class DkimVerificationTest {
    private static final String MESSAGE = "From: a@legacy.example\r\nTo: b@example.onion\r\nSubject: hi\r\n\r\nhello\r\n";
    private static final String TAGS = "h=from:to:subject";
    private static final String ONION = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion";

    private final DkimKeys keys = new DkimKeys();
    private final DkimVerification verification = DkimVerification.with(keys.retriever());

    @Test
    void anyDomainsSignatureShouldVerifyWithItsKeyAskedForUnderTheAbsoluteName() throws Exception {
        DkimResult result = verification.verify(DkimKeys.parse(keys.signed(MESSAGE, "legacy.example", TAGS)));

        assertThat(result.kind()).isEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).containsExactly("mail._domainkey.legacy.example.");
    }

    @Test
    void anOnionDomainsSignatureShouldFailWithoutADnsLookup() throws Exception {
        DkimResult result = verification.verify(DkimKeys.parse(keys.signed(MESSAGE, ONION, TAGS)));

        assertThat(result.kind()).isEqualTo(DkimResult.Kind.FAIL);
        assertThat(keys.lookups()).isEmpty();
    }

    @Test
    void anOnionWithAFinalDotOrUpperCaseShouldNotBeLookedUpEither() throws Exception {
        verification.verify(DkimKeys.parse(keys.signed(MESSAGE, "sub." + ONION.toUpperCase() + ".", TAGS)));

        assertThat(keys.lookups()).isEmpty();
    }
}
