/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.xpow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.jqno.equalsverifier.EqualsVerifier;

class XpowOfferTest {
    private static final String CHALLENGE = "AAECAwQFBgcICQoLDA0ODw";

    @Test
    void parseShouldKeepTheServersOrder() {
        XpowOffer offer = XpowOffer.parse("XPOW " + CHALLENGE + " argon2id=8 sha256=27 hashcash=27");
        assertThat(offer.challenge().asString()).isEqualTo(CHALLENGE);
        assertThat(offer.difficulties()).containsExactly(Map.entry("argon2id", 8), Map.entry("sha256", 27),
            Map.entry("hashcash", 27));
        assertThat(offer.asString()).isEqualTo("XPOW " + CHALLENGE + " argon2id=8 sha256=27 hashcash=27");
    }

    @Test
    void parseShouldAcceptALowerCaseKeywordAndUnknownAlgorithms() {
        assertThat(XpowOffer.parse("xpow " + CHALLENGE + " equix=12").difficulties()).containsEntry("equix", 12);
    }

    @Test
    void ofShouldRenderParameters() {
        Map<String, Integer> difficulties = new LinkedHashMap<>();
        difficulties.put("sha256", 27);
        difficulties.put("argon2id", 8);
        assertThat(XpowOffer.of(Challenge.parse(CHALLENGE), difficulties).parameters())
            .isEqualTo(CHALLENGE + " sha256=27 argon2id=8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SIZE 100|not an XPOW offer",
        "XPOW|needs a challenge and at least one",
        "XPOW AAECAwQFBgcICQoLDA0ODw|needs a challenge and at least one",
        "XPOW AAECAwQFBgcICQoLDA0ODw  sha256=1|entry \"\" is not <alg>=<bits>",
        "XPOW AAECAwQFBgcICQoLDA0ODw sha256|entry \"sha256\" is not <alg>=<bits>",
        "XPOW AAECAwQFBgcICQoLDA0ODw sha256=257|bits 0 to 256",
        "XPOW AAECAwQFBgcICQoLDA0ODw sha256=07|is not <alg>=<bits>",
        "XPOW AAECAwQFBgcICQoLDA0ODw SHA256=7|is not <alg>=<bits>",
        "XPOW AAECAwQFBgcICQoLDA0ODw sha256=7 sha256=8|names sha256 twice",
        "XPOW AAECAwQFBgcICQoLDA0O sha256=7|must be 22 base64url characters"
    })
    void parseShouldRefuse(String line, String message) {
        assertThatThrownBy(() -> XpowOffer.parse(line)).isInstanceOf(MalformedXpowException.class)
            .hasMessageContaining(message);
    }

    @Test
    void parseShouldRefuseTooManyAlgorithms() {
        StringBuilder line = new StringBuilder("XPOW " + CHALLENGE);
        for (int i = 0; i < 17; i++) {
            line.append(" a").append(i).append("=1");
        }
        assertThatThrownBy(() -> XpowOffer.parse(line.toString())).hasMessageContaining("at most 16");
    }

    @Test
    void parseShouldRefuseAnOverlongLine() {
        assertThatThrownBy(() -> XpowOffer.parse("XPOW " + CHALLENGE + " " + "a".repeat(600) + "=1"))
            .hasMessageContaining("at most 500");
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(XpowOffer.class).withNonnullFields("challenge", "difficulties").verify();
    }
}
