/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtorp.protocol.address.OnionVectors.REND_SPEC_EXAMPLE;
import static org.smtorp.protocol.address.OnionVectors.V2;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.InvalidAddressException.Reason;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

class SmtorpDomainTest {
    private static final String FINGERPRINT = "xj4bnp4pahh6uqkbidpf3lrceo";
    private static final OnionAddress ONION = OnionAddress.parse(REND_SPEC_EXAMPLE);

    @Test
    void parseShouldAcceptAnOnionWithoutFingerprint() {
        SmtorpDomain domain = SmtorpDomain.parse(REND_SPEC_EXAMPLE);

        assertThat(domain).isEqualTo(SmtorpDomain.of(ONION));
    }

    @Test
    void parseShouldReadTheFingerprintLabel() {
        SmtorpDomain domain = SmtorpDomain.parse(FINGERPRINT + "." + REND_SPEC_EXAMPLE);

        assertThat(domain.fingerprint()).contains(Fingerprint.parse(FINGERPRINT));
    }

    @Test
    void parseShouldReadTheOnionAfterAFingerprint() {
        SmtorpDomain domain = SmtorpDomain.parse(FINGERPRINT + "." + REND_SPEC_EXAMPLE);

        assertThat(domain.onion()).isEqualTo(ONION);
    }

    @Test
    void asStringShouldBeLowerCase() {
        String text = (FINGERPRINT + "." + REND_SPEC_EXAMPLE).toUpperCase(Locale.ROOT);

        assertThat(SmtorpDomain.parse(text).asString()).isEqualTo(FINGERPRINT + "." + REND_SPEC_EXAMPLE);
    }

    @Test
    void asStringShouldOmitAMissingFingerprint() {
        assertThat(SmtorpDomain.of(ONION).asString()).isEqualTo(REND_SPEC_EXAMPLE);
    }

    @Test
    void withFingerprintShouldAddTheFingerprint() {
        Fingerprint fingerprint = Fingerprint.parse(FINGERPRINT);

        assertThat(SmtorpDomain.of(ONION).withFingerprint(fingerprint)).isEqualTo(SmtorpDomain.of(fingerprint, ONION));
    }

    @Test
    void withoutFingerprintShouldDropTheFingerprint() {
        SmtorpDomain domain = SmtorpDomain.of(Fingerprint.parse(FINGERPRINT), ONION);

        assertThat(domain.withoutFingerprint()).isEqualTo(SmtorpDomain.of(ONION));
    }

    @Test
    void parseShouldRejectADomainOutsideOnion() {
        assertThatThrownBy(() -> SmtorpDomain.parse("example.com"))
            .isInstanceOfSatisfying(InvalidAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ONION))
            .hasMessage("not an .onion domain: 'example.com'");
    }

    @Test
    void parseShouldRejectAnEmptyDomain() {
        assertThatThrownBy(() -> SmtorpDomain.parse(""))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX))
            .hasMessage("the domain is empty: ''");
    }

    @Test
    void parseShouldRejectATrailingDot() {
        assertThatThrownBy(() -> SmtorpDomain.parse(REND_SPEC_EXAMPLE + "."))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX))
            .hasMessage("the domain ends with '.': '" + REND_SPEC_EXAMPLE + ".'");
    }

    @Test
    void parseShouldRejectAnEmptyLabel() {
        assertThatThrownBy(() -> SmtorpDomain.parse("." + REND_SPEC_EXAMPLE))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX))
            .hasMessage("the domain has an empty label: '." + REND_SPEC_EXAMPLE + "'");
    }

    @Test
    void parseShouldRejectTheBareTld() {
        assertThatThrownBy(() -> SmtorpDomain.parse("onion"))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX))
            .hasMessage("no onion address before '.onion': 'onion'");
    }

    @Test
    void parseShouldRejectMoreThanThreeLabels() {
        String text = "www." + FINGERPRINT + "." + REND_SPEC_EXAMPLE;

        assertThatThrownBy(() -> SmtorpDomain.parse(text))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX))
            .hasMessage("the domain has 4 labels, at most 3 are allowed: [fingerprint.]onion.onion: '" + text + "'");
    }

    @Test
    void parseShouldRejectASubdomainThatIsNoFingerprint() {
        String text = "www." + REND_SPEC_EXAMPLE;

        assertThatThrownBy(() -> SmtorpDomain.parse(text))
            .isInstanceOfSatisfying(InvalidAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.FINGERPRINT_LENGTH))
            .hasMessage("fingerprint has 3 characters, at least 16 are required: '" + text + "'");
    }

    @Test
    void parseShouldRejectAV2Onion() {
        assertThatThrownBy(() -> SmtorpDomain.parse(V2))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
            .hasMessage("v2 onion addresses are not supported: '" + V2 + "'");
    }

    @Test
    void toStringShouldNameTheDomain() {
        assertThat(SmtorpDomain.of(ONION)).hasToString("SmtorpDomain{" + REND_SPEC_EXAMPLE + "}");
    }

    @Test
    void shouldRespectBeanContract() {
        EqualsVerifier.forClass(SmtorpDomain.class).suppress(Warning.NULL_FIELDS).verify();
    }

    @Test
    void isUnderOnionShouldHoldForEveryNameUnderTheOnionTldValidOrNot() {
        assertThat(SmtorpDomain.isUnderOnion("partner.ONION")).isTrue();
        assertThat(SmtorpDomain.isUnderOnion("x.y.onion.")).isTrue();
        assertThat(SmtorpDomain.isUnderOnion("onion")).isTrue();
        assertThat(SmtorpDomain.isUnderOnion("onion.example")).isFalse();
        assertThat(SmtorpDomain.isUnderOnion("example.onions")).isFalse();
    }
}
