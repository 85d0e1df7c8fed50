/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;

class ListedDomainKeysTest {
    private static final String MESSAGE = "From: a@partner.example\r\nTo: b@example.onion\r\nSubject: hi\r\n\r\nhello\r\n";
    private static final String TAGS = "h=from:to:subject";

    private final DkimKeys keys = new DkimKeys();
    private final DkimVerification verification = DkimVerification.with(
        ListedDomainKeys.of(keys.retriever(), Set.of(Domain.of("partner.example"))));

    @Test
    void aListedDomainsSignatureShouldVerify() throws Exception {
        DkimResult result = verification.verify(DkimKeys.parse(keys.signed(MESSAGE, "partner.example", TAGS)));

        assertThat(result.kind()).isEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).containsExactly("mail._domainkey.partner.example");
    }

    @Test
    void aSignatureOfAnUnlistedDomainShouldVerifyNothingAndAskNoDns() throws Exception {
        DkimResult result = verification.verify(DkimKeys.parse(keys.signed(MESSAGE, "stranger.example", TAGS)));

        assertThat(result.kind()).isNotEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).isEmpty();
    }

    @Test
    void aSignatureOfAnOnionShouldNeverBecomeADnsLookup() throws Exception {
        String onion = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion";

        DkimResult result = verification.verify(DkimKeys.parse(keys.signed(MESSAGE, onion, TAGS)));

        assertThat(result.kind()).isNotEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).isEmpty();
    }

    @Test
    void onlyTheListedSignatureOfSeveralShouldCostALookup() throws Exception {
        String twice = keys.sign(MESSAGE, "stranger.example", TAGS) + "\r\n"
            + keys.signed(MESSAGE, "partner.example", TAGS);

        DkimResult result = verification.verify(DkimKeys.parse(twice));

        assertThat(result.kind()).isEqualTo(DkimResult.Kind.PASS);
        assertThat(keys.lookups()).containsExactly("mail._domainkey.partner.example");
    }

    @Test
    void listingAnOnionShouldBeRefused() {
        assertThatThrownBy(() -> ListedDomainKeys.of(keys.retriever(), Set.of(Domain.of("partner.onion"))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("partner.onion is an onion");
    }
}
