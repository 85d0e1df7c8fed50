/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtorp.protocol.address.OnionVectors.IDENTITY_POINT;
import static org.smtorp.protocol.address.OnionVectors.NOT_ON_CURVE;
import static org.smtorp.protocol.address.OnionVectors.REND_SPEC_EXAMPLE;
import static org.smtorp.protocol.address.OnionVectors.RFC8032_TEST1;
import static org.smtorp.protocol.address.OnionVectors.RFC8032_TEST1_PUBLIC_KEY;
import static org.smtorp.protocol.address.OnionVectors.TORSION;
import static org.smtorp.protocol.address.OnionVectors.V2;
import static org.smtorp.protocol.address.OnionVectors.VERSION_4;
import static org.smtorp.protocol.address.OnionVectors.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.protocol.address.InvalidAddressException.Reason;

import nl.jqno.equalsverifier.EqualsVerifier;

class OnionAddressTest {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final List<String> VALID = OnionVectors.VALID;

    @ParameterizedTest
    @FieldSource("VALID")
    void parseShouldAcceptKnownValidAddresses(String address) {
        assertThat(OnionAddress.parse(address).asString()).isEqualTo(address);
    }

    @Test
    void parseShouldAcceptUpperCase() {
        assertThat(OnionAddress.parse(REND_SPEC_EXAMPLE.toUpperCase(Locale.ROOT)).asString())
            .isEqualTo(REND_SPEC_EXAMPLE);
    }

    @Test
    void parseShouldAcceptTheServiceIdWithoutSuffix() {
        String serviceId = REND_SPEC_EXAMPLE.substring(0, OnionAddress.LENGTH);

        assertThat(OnionAddress.parse(serviceId)).isEqualTo(OnionAddress.parse(REND_SPEC_EXAMPLE));
    }

    @Test
    void serviceIdShouldBeTheLabelWithoutSuffix() {
        assertThat(OnionAddress.parse(REND_SPEC_EXAMPLE).serviceId())
            .isEqualTo("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd");
    }

    @Test
    void publicKeyShouldBeTheKeyInTheAddress() {
        assertThat(OnionAddress.parse(RFC8032_TEST1).publicKey()).isEqualTo(hex(RFC8032_TEST1_PUBLIC_KEY));
    }

    @Test
    void fromPublicKeyShouldGiveTheAddressOfTheKey() {
        assertThat(OnionAddress.fromPublicKey(hex(RFC8032_TEST1_PUBLIC_KEY)).asString()).isEqualTo(RFC8032_TEST1);
    }

    @Test
    void fromPublicKeyShouldRejectWrongLength() {
        assertThatThrownBy(() -> OnionAddress.fromPublicKey(new byte[31]))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("an Ed25519 public key has 32 bytes, not 31");
    }

    @Test
    void fromPublicKeyShouldRejectKeyWithTorsionComponent() {
        byte[] key = OnionAddress.parse(RFC8032_TEST1).publicKey();
        byte[] torsioned = hex("9158312a9a8d6e3b34c891d6d61444f8b8211c5117ebad15bdb0bd68b07e0245");

        assertThat(key).isNotEqualTo(torsioned);
        assertThatThrownBy(() -> OnionAddress.fromPublicKey(torsioned))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("not an Ed25519 point of prime order");
    }

    @Test
    void parseShouldRejectWhenChecksumIsWrong() {
        String wrong = "ag6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

        assertThatThrownBy(() -> OnionAddress.parse(wrong))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM))
            .hasMessage("checksum mismatch: '" + wrong + "'");
    }

    @Test
    void parseShouldRejectV2Addresses() {
        assertThatThrownBy(() -> OnionAddress.parse(V2))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
            .hasMessage("v2 onion addresses are not supported: 'expyuzz4wqqyqhjn.onion'");
    }

    @Test
    void parseShouldRejectWhenVersionByteIsNot3() {
        assertThatThrownBy(() -> OnionAddress.parse(VERSION_4))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
            .hasMessage("version byte is 4, only version 3 is supported: '" + VERSION_4 + "'");
    }

    @Test
    void parseShouldRejectWhenLengthIsWrong() {
        String shorter = REND_SPEC_EXAMPLE.substring(1);

        assertThatThrownBy(() -> OnionAddress.parse(shorter))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH))
            .hasMessage("onion address has 55 characters, 56 are required: '" + shorter + "'");
    }

    @Test
    void parseShouldRejectEmptyInput() {
        assertThatThrownBy(() -> OnionAddress.parse(""))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH))
            .hasMessage("onion address has 0 characters, 56 are required: ''");
    }

    @Test
    void parseShouldRejectCharactersOutsideBase32() {
        String withOne = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscry1.onion";

        assertThatThrownBy(() -> OnionAddress.parse(withOne))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALPHABET))
            .hasMessage("'1' is not a base32 character: '" + withOne + "'");
    }

    @Test
    void parseShouldNameNonAsciiCharactersByCodePoint() {
        String withDottedI = "pg6mmj\u0130yjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

        assertThatThrownBy(() -> OnionAddress.parse(withDottedI))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALPHABET))
            .hasMessage("U+0130 is not a base32 character: 'pg6mmj\\u0130yjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion'");
    }

    @Test
    void parseShouldRejectKeyWithTorsionComponent() {
        assertThatThrownBy(() -> OnionAddress.parse(TORSION))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY))
            .hasMessage("the public key is not an Ed25519 point of prime order: '" + TORSION + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {NOT_ON_CURVE, IDENTITY_POINT})
    void parseShouldRejectKeyThatIsNoPointOfPrimeOrder(String address) {
        assertThatThrownBy(() -> OnionAddress.parse(address))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY));
    }

    @Test
    void parseShouldRejectALabelInFront() {
        String withFingerprint = "xj4bnp4pahh6uqkb." + REND_SPEC_EXAMPLE;

        assertThatThrownBy(() -> OnionAddress.parse(withFingerprint))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX));
    }

    @ParameterizedTest
    @FieldSource("VALID")
    void everySingleCharacterChangeShouldBeRejected(String address) {
        List<String> accepted = new ArrayList<>();
        for (int position = 0; position < OnionAddress.LENGTH; position++) {
            for (char replacement : ALPHABET.toCharArray()) {
                if (replacement == address.charAt(position)) {
                    continue;
                }
                String changed = address.substring(0, position) + replacement + address.substring(position + 1);
                try {
                    OnionAddress.parse(changed);
                    accepted.add(changed);
                } catch (InvalidAddressException expected) {
                    assertThat(expected.reason()).isIn(Reason.CHECKSUM, Reason.VERSION, Reason.KEY);
                }
            }
        }
        assertThat(accepted).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("VALID")
    void everySingleCharacterOutsideTheAlphabetShouldBeNamed(String address) {
        for (int position = 0; position < OnionAddress.LENGTH; position++) {
            for (char replacement : "01890-_=+/ .@\u00e9".toCharArray()) {
                String changed = address.substring(0, position) + replacement + address.substring(position + 1);
                int index = position;
                assertThatThrownBy(() -> OnionAddress.parse(changed))
                    .as("position %d", index)
                    .isInstanceOfSatisfying(InvalidAddressException.class,
                        e -> assertThat(e.reason()).isIn(Reason.ALPHABET, Reason.SYNTAX));
            }
        }
    }

    @Test
    void toStringShouldNameTheAddress() {
        assertThat(OnionAddress.parse(REND_SPEC_EXAMPLE)).hasToString("OnionAddress{" + REND_SPEC_EXAMPLE + "}");
    }

    @Test
    void shouldRespectBeanContract() {
        EqualsVerifier.forClass(OnionAddress.class).withNonnullFields("serviceId").verify();
    }
}
