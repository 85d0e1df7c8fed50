/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.InvalidAddressException.Reason;

import nl.jqno.equalsverifier.EqualsVerifier;

class FingerprintTest {
    // base32(SHA-256("abc")) computed independently (Python hashlib + base64).
    private static final byte[] ABC = "abc".getBytes(US_ASCII);
    private static final String ABC_FULL = "xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq";

    @Test
    void ofShouldEncodeTheSha256OfTheSpkiInLowerCaseBase32() {
        assertThat(Fingerprint.of(ABC).asString()).isEqualTo(ABC_FULL);
    }

    @Test
    void ofShouldBeFull() {
        assertThat(Fingerprint.of(ABC).isFull()).isTrue();
    }

    @Test
    void fullFingerprintShouldHave256Bits() {
        assertThat(Fingerprint.of(ABC).bits()).isEqualTo(256);
    }

    @Test
    void ofPublicKeyShouldHashItsX509Encoding() throws Exception {
        PublicKey key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();

        assertThat(Fingerprint.of(key)).isEqualTo(Fingerprint.of(key.getEncoded()));
    }

    @Test
    void parseShouldAcceptTheShortestPrefix() {
        assertThat(Fingerprint.parse(ABC_FULL.substring(0, 16)).bits()).isEqualTo(80);
    }

    @Test
    void parseShouldAcceptTheFullLength() {
        assertThat(Fingerprint.parse(ABC_FULL)).isEqualTo(Fingerprint.of(ABC));
    }

    @Test
    void parseShouldLowerTheCase() {
        assertThat(Fingerprint.parse(ABC_FULL.toUpperCase(Locale.ROOT)).asString()).isEqualTo(ABC_FULL);
    }

    @Test
    void parseShouldRejectWhenShorterThan16Characters() {
        String text = ABC_FULL.substring(0, 15);

        assertThatThrownBy(() -> Fingerprint.parse(text))
            .isInstanceOfSatisfying(InvalidAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.FINGERPRINT_LENGTH))
            .hasMessage("fingerprint has 15 characters, at least 16 are required: '" + text + "'");
    }

    @Test
    void parseShouldRejectWhenLongerThan52Characters() {
        String text = ABC_FULL + "a";

        assertThatThrownBy(() -> Fingerprint.parse(text))
            .isInstanceOfSatisfying(InvalidAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.FINGERPRINT_LENGTH))
            .hasMessage("fingerprint has 53 characters, at most 52 are allowed: '" + text + "'");
    }

    @Test
    void parseShouldRejectCharactersOutsideBase32() {
        String text = "1" + ABC_FULL.substring(1, 20);

        assertThatThrownBy(() -> Fingerprint.parse(text))
            .isInstanceOfSatisfying(InvalidAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.FINGERPRINT_ALPHABET))
            .hasMessage("'1' in the fingerprint is not a base32 character: '" + text + "'");
    }

    @Test
    void parseShouldRejectFullLengthWithBitsPastTheHash() {
        String text = ABC_FULL.substring(0, 51) + "b";

        assertThatThrownBy(() -> Fingerprint.parse(text))
            .isInstanceOfSatisfying(InvalidAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.FINGERPRINT_PADDING))
            .hasMessage("a full fingerprint ends in 'a' or 'q': its last character holds 1 bit of the hash"
                + " and 4 zero bits: '" + text + "'");
    }

    @Test
    void abbreviateShouldKeep80BitsIn16Characters() {
        assertThat(Fingerprint.of(ABC).abbreviate(80).asString()).isEqualTo(ABC_FULL.substring(0, 16));
    }

    @Test
    void abbreviateShouldRoundUpToWholeCharacters() {
        assertThat(Fingerprint.of(ABC).abbreviate(81).length()).isEqualTo(17);
    }

    @Test
    void abbreviateTo256BitsShouldKeepTheFullFingerprint() {
        assertThat(Fingerprint.of(ABC).abbreviate(256)).isEqualTo(Fingerprint.of(ABC));
    }

    @Test
    void abbreviateShouldRejectFewerThan80Bits() {
        assertThatThrownBy(() -> Fingerprint.of(ABC).abbreviate(79))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("a fingerprint keeps 80 to 256 bits, not 79");
    }

    @Test
    void abbreviateShouldRejectMoreThan256Bits() {
        assertThatThrownBy(() -> Fingerprint.of(ABC).abbreviate(257))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("a fingerprint keeps 80 to 256 bits, not 257");
    }

    @Test
    void abbreviateShouldRejectMoreBitsThanThePrefixHas() {
        Fingerprint prefix = Fingerprint.of(ABC).abbreviate(80);

        assertThatThrownBy(() -> prefix.abbreviate(85))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("this fingerprint has 80 bits, not 85");
    }

    @Test
    void matchesShouldAcceptTheSpkiOfAPrefix() {
        assertThat(Fingerprint.parse(ABC_FULL.substring(0, 20)).matches(ABC)).isTrue();
    }

    @Test
    void matchesShouldRejectAnotherSpki() {
        assertThat(Fingerprint.parse(ABC_FULL.substring(0, 20)).matches("abd".getBytes(US_ASCII))).isFalse();
    }

    @Test
    void matchesShouldCompareOnlyTheGivenCharacters() {
        String text = ABC_FULL.substring(0, 19) + (ABC_FULL.charAt(19) == 'a' ? 'b' : 'a');

        assertThat(Fingerprint.parse(text).matches(ABC)).isFalse();
    }

    @Test
    void matchesShouldAcceptAPublicKeyOfTheFingerprint() throws Exception {
        PublicKey key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();

        assertThat(Fingerprint.of(key).abbreviate(100).matches(key)).isTrue();
    }

    @Test
    void isPrefixOfShouldAcceptTheFullFingerprint() {
        assertThat(Fingerprint.parse(ABC_FULL.substring(0, 16)).isPrefixOf(Fingerprint.of(ABC))).isTrue();
    }

    @Test
    void isPrefixOfShouldRejectAShorterFingerprint() {
        assertThat(Fingerprint.of(ABC).isPrefixOf(Fingerprint.parse(ABC_FULL.substring(0, 16)))).isFalse();
    }

    @Test
    void toStringShouldGiveTheBits() {
        assertThat(Fingerprint.parse(ABC_FULL.substring(0, 16)))
            .hasToString("Fingerprint{" + ABC_FULL.substring(0, 16) + " (80 bits)}");
    }

    @Test
    void shouldRespectBeanContract() {
        EqualsVerifier.forClass(Fingerprint.class).withNonnullFields("value").verify();
    }
}
