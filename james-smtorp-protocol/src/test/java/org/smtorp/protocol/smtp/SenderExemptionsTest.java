/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.dkim.DkimKeys;
import org.smtorp.protocol.dkim.DkimResult;
import org.smtorp.protocol.dkim.DkimVerification;
import org.smtorp.protocol.identity.OnionServiceKey;
import org.smtorp.protocol.sender.ProvedSender;

class SenderExemptionsTest {
    private static final OnionAddress PARTNER = OnionServiceKey.generate(new SecureRandom()).onion();
    private static final Fingerprint KEY = Fingerprint.of(new byte[] {1, 2, 3});
    private static final Fingerprint OTHER_KEY = Fingerprint.of(new byte[] {4, 5, 6});
    private static final String MESSAGE = "From: bob@partner.example\r\nTo: alice@example.onion\r\n"
        + "Subject: hello\r\n\r\nHello.\r\n";

    private final DkimKeys keys = new DkimKeys();
    private final SenderExemptions exemptions = SenderExemptions.of(
        List.of(SmtorpDomain.of(KEY.abbreviate(Fingerprint.MIN_BITS), PARTNER)),
        List.of(Domain.of("Partner.Example")));

    private DkimResult verified(String domain) throws Exception {
        return DkimVerification.with(keys.retriever()).verify(DkimKeys.parse(keys.signed(MESSAGE, domain,
            "h=from:to:subject")));
    }

    @Test
    void aPartnerShouldBeListedWithItsKeysFingerprint() {
        assertThatThrownBy(() -> SenderExemptions.of(List.of(SmtorpDomain.of(PARTNER)), List.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("<fingerprint>.<onion>.onion");
    }

    @Test
    void aListedOnionWithTheListedKeyShouldBeExempt() {
        assertThat(exemptions.partner(ProvedSender.of(PARTNER, KEY)))
            .contains(Exemption.partner(ProvedSender.of(PARTNER, KEY)));
    }

    @Test
    void aListedOnionWithAnotherKeyShouldNotBeExempt() {
        assertThat(exemptions.partner(ProvedSender.of(PARTNER, OTHER_KEY))).isEmpty();
    }

    @Test
    void anUnlistedOnionWithTheListedKeyShouldNotBeExempt() {
        ProvedSender stranger = ProvedSender.of(OnionServiceKey.generate(new SecureRandom()).onion(), KEY);

        assertThat(exemptions.partner(stranger)).isEmpty();
    }

    @Test
    void aVerifiedSignatureOfAListedDomainShouldBeExemptWhateverTheCase() throws Exception {
        assertThat(exemptions.dkim(verified("partner.example")))
            .contains(Exemption.dkim(Domain.of("partner.example")));
    }

    @Test
    void aVerifiedSignatureWhoseDomainEndsWithTheFinalDotShouldBeExempt() throws Exception {
        assertThat(exemptions.dkim(verified("partner.example.")))
            .contains(Exemption.dkim(Domain.of("partner.example")));
    }

    @Test
    void aVerifiedSignatureOfAnUnlistedDomainShouldNotBeExempt() throws Exception {
        assertThat(exemptions.dkim(verified("partner.example.net"))).isEmpty();
    }

    @Test
    void resultsWithoutAPassShouldNotBeExempt() {
        assertThat(exemptions.dkim(DkimResult.NONE)).isEmpty();
        assertThat(exemptions.dkim(DkimResult.FAIL)).isEmpty();
        assertThat(exemptions.dkim(DkimResult.TEMPERROR)).isEmpty();
        assertThat(exemptions.dkim(DkimResult.POLICY)).isEmpty();
    }

    @Test
    void noneShouldExemptNobodyAndVerifyNothing() throws Exception {
        assertThat(SenderExemptions.none().checksDkim()).isFalse();
        assertThat(SenderExemptions.none().partner(ProvedSender.of(PARTNER, KEY))).isEmpty();
        assertThat(SenderExemptions.none().dkim(verified("partner.example"))).isEmpty();
    }
}
