/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtorp.protocol.address.OnionVectors.REND_SPEC_EXAMPLE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.protocol.address.InvalidAddressException.Reason;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

class SmtorpAddressTest {
    private static final String FINGERPRINT = "xj4bnp4pahh6uqkbidpf3lrceo";
    private static final String DOMAIN = "@" + REND_SPEC_EXAMPLE;
    private static final SmtorpDomain ONION_DOMAIN = SmtorpDomain.parse(REND_SPEC_EXAMPLE);

    @Test
    void parseShouldSplitLocalPartAndDomain() {
        SmtorpAddress address = SmtorpAddress.parse("alice" + DOMAIN);

        assertThat(address).isEqualTo(SmtorpAddress.of("alice", ONION_DOMAIN));
    }

    @Test
    void parseShouldReadAFingerprintedDomain() {
        SmtorpAddress address = SmtorpAddress.parse("alice@" + FINGERPRINT + "." + REND_SPEC_EXAMPLE);

        assertThat(address.domain().fingerprint()).contains(Fingerprint.parse(FINGERPRINT));
    }

    @Test
    void onionShouldBeTheDomainsOnion() {
        assertThat(SmtorpAddress.parse("alice" + DOMAIN).onion()).isEqualTo(OnionAddress.parse(REND_SPEC_EXAMPLE));
    }

    @Test
    void asStringShouldLowerTheDomainOnly() {
        SmtorpAddress address = SmtorpAddress.parse("Alice@" + REND_SPEC_EXAMPLE.toUpperCase(java.util.Locale.ROOT));

        assertThat(address.asString()).isEqualTo("Alice" + DOMAIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "first.last", "a+tag", "!#$%&'*+-/=?^_`{|}~", "x.y.z"})
    void parseShouldAcceptDotStrings(String localPart) {
        assertThat(SmtorpAddress.parse(localPart + DOMAIN).localPart()).isEqualTo(localPart);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', value = {
        "\"john\"|john",
        "\"first.last\"|first.last",
        "\"a\\b\"|ab",
        "\"two words\"|\"two words\"",
        "\"a@b\"|\"a@b\"",
        "\"quote\\\"inside\"|\"quote\\\"inside\"",
        "\"back\\\\slash\"|\"back\\\\slash\"",
        "\"..\"|\"..\"",
        "\".a\"|\".a\"",
        "\"\"|\"\""})
    void parseShouldCanonicalizeQuotedLocalParts(String written, String canonical) {
        assertThat(SmtorpAddress.parse(written + DOMAIN).localPart()).isEqualTo(canonical);
    }

    @Test
    void quotedAndUnquotedSpellingsShouldBeEqual() {
        assertThat(SmtorpAddress.parse("\"john\"" + DOMAIN)).isEqualTo(SmtorpAddress.parse("john" + DOMAIN));
    }

    @Test
    void parseShouldAccept64Octets() {
        String localPart = "a".repeat(64);

        assertThat(SmtorpAddress.parse(localPart + DOMAIN).localPart()).isEqualTo(localPart);
    }

    @Test
    void ofShouldCanonicalizeTheLocalPart() {
        assertThat(SmtorpAddress.of("\"bob\"", ONION_DOMAIN).localPart()).isEqualTo("bob");
    }

    @Test
    void withDomainShouldKeepTheLocalPart() {
        SmtorpDomain fingerprinted = ONION_DOMAIN.withFingerprint(Fingerprint.parse(FINGERPRINT));

        assertThat(SmtorpAddress.parse("bob" + DOMAIN).withDomain(fingerprinted))
            .isEqualTo(SmtorpAddress.of("bob", fingerprinted));
    }

    @Test
    void parseShouldRejectAnEmptyAddress() {
        assertThatThrownBy(() -> SmtorpAddress.parse(""))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX))
            .hasMessage("the address is empty: ''");
    }

    @Test
    void parseShouldRejectAnAddressWithoutAt() {
        assertThatThrownBy(() -> SmtorpAddress.parse(REND_SPEC_EXAMPLE))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX))
            .hasMessage("the address has no '@': '" + REND_SPEC_EXAMPLE + "'");
    }

    @Test
    void parseShouldRejectALegacyDomain() {
        assertThatThrownBy(() -> SmtorpAddress.parse("bob@example.com"))
            .isInstanceOfSatisfying(InvalidAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ONION))
            .hasMessage("not an .onion domain: 'bob@example.com'");
    }

    @Test
    void parseShouldQuoteTheWholeAddressWhenTheOnionIsWrong() {
        String text = "bob@ag6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

        assertThatThrownBy(() -> SmtorpAddress.parse(text))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM))
            .hasMessage("checksum mismatch: '" + text + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', value = {
        "|the local part is empty",
        ".bob|the local part starts with '.'",
        "bob.|the local part ends with '.'",
        "bo..b|the local part has '..'",
        "bo(b|'(' is not allowed in an unquoted local part",
        "bo b|U+0020 is not allowed in an unquoted local part",
        "bo\"b|'\"' is not allowed in an unquoted local part",
        "b\u00f6b|U+00F6 is not ASCII (SMTPUTF8 local parts are not supported)",
        "\"bob|the quoted local part has no closing quote",
        "\"bob\\\"|the quoted local part has no closing quote",
        "\"bob\"x|characters follow the closing quote of the local part",
        "\"b\u0007b\"|U+0007 is not allowed in a quoted local part",
        "\"b\\\u0007b\"|U+0007 can not be escaped in a quoted local part"})
    void parseShouldRejectBadLocalParts(String localPart, String detail) {
        String written = localPart == null ? "" : localPart;

        assertThatThrownBy(() -> SmtorpAddress.parse(written + DOMAIN))
            .isInstanceOfSatisfying(InvalidAddressException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.LOCAL_PART);
                assertThat(e.detail()).isEqualTo(detail);
            });
    }

    @Test
    void parseShouldRejectMoreThan64Octets() {
        String text = "a".repeat(65) + DOMAIN;

        assertThatThrownBy(() -> SmtorpAddress.parse(text))
            .isInstanceOfSatisfying(InvalidAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.LOCAL_PART))
            .hasMessage("the local part has 65 octets, at most 64 are allowed: '" + text + "'");
    }

    @Test
    void ofShouldRejectABadLocalPart() {
        assertThatThrownBy(() -> SmtorpAddress.of("a..b", ONION_DOMAIN))
            .isInstanceOfSatisfying(InvalidAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.LOCAL_PART))
            .hasMessage("the local part has '..': 'a..b'");
    }

    @Test
    void toStringShouldNameTheAddress() {
        assertThat(SmtorpAddress.parse("bob" + DOMAIN)).hasToString("SmtorpAddress{bob" + DOMAIN + "}");
    }

    @Test
    void shouldRespectBeanContract() {
        EqualsVerifier.forClass(SmtorpAddress.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
