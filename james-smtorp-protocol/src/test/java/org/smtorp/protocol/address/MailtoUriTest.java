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
import org.junit.jupiter.params.provider.ValueSource;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

class MailtoUriTest {
    @Test
    void asStringShouldKeepAPlainAddressAsItIs() {
        SmtorpAddress address = SmtorpAddress.parse("alice@" + REND_SPEC_EXAMPLE);

        assertThat(MailtoUri.of(address).asString()).isEqualTo("mailto:alice@" + REND_SPEC_EXAMPLE);
    }

    @Test
    void asStringShouldPercentEncodeAQuotedLocalPart() {
        SmtorpAddress address = SmtorpAddress.parse("\"john doe\"@" + REND_SPEC_EXAMPLE);

        assertThat(MailtoUri.of(address).asString()).isEqualTo("mailto:%22john%20doe%22@" + REND_SPEC_EXAMPLE);
    }

    @Test
    void asStringShouldPercentEncodeUriDelimiters() {
        SmtorpAddress address = SmtorpAddress.parse("a%b?c#d/e&f=g@" + REND_SPEC_EXAMPLE);

        assertThat(MailtoUri.of(address).asString()).isEqualTo("mailto:a%25b%3Fc%23d%2Fe%26f%3Dg@" + REND_SPEC_EXAMPLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "\"john doe\"", "a%b?c#d/e&f=g", "\"a@b\\\"c\"", "x.y+tag"})
    void parseShouldReadBackWhatAsStringWrote(String localPart) {
        MailtoUri uri = MailtoUri.of(SmtorpAddress.parse(localPart + "@xj4bnp4pahh6uqkbidpf3lrceo." + REND_SPEC_EXAMPLE));

        assertThat(MailtoUri.parse(uri.asString())).isEqualTo(uri);
    }

    @Test
    void parseShouldAcceptAnUpperCaseScheme() {
        assertThat(MailtoUri.parse("MAILTO:alice@" + REND_SPEC_EXAMPLE).address())
            .isEqualTo(SmtorpAddress.parse("alice@" + REND_SPEC_EXAMPLE));
    }

    @Test
    void parseShouldRejectAnotherScheme() {
        assertThatThrownBy(() -> MailtoUri.parse("xmpp:alice@" + REND_SPEC_EXAMPLE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not a mailto: URI");
    }

    @Test
    void parseShouldRejectHeaderFields() {
        assertThatThrownBy(() -> MailtoUri.parse("mailto:alice@" + REND_SPEC_EXAMPLE + "?subject=hi"))
            .hasMessageContaining("header fields");
    }

    @Test
    void parseShouldRejectSeveralAddresses() {
        assertThatThrownBy(() -> MailtoUri.parse("mailto:a@" + REND_SPEC_EXAMPLE + ",b@" + REND_SPEC_EXAMPLE))
            .hasMessageContaining("several addresses");
    }

    @Test
    void parseShouldRejectATruncatedPercentEncoding() {
        assertThatThrownBy(() -> MailtoUri.parse("mailto:a%2"))
            .hasMessageContaining("truncated percent-encoding");
    }

    @Test
    void parseShouldRejectAnInvalidAddress() {
        assertThatThrownBy(() -> MailtoUri.parse("mailto:alice@example.com"))
            .isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void shouldRespectBeanContract() {
        EqualsVerifier.forClass(MailtoUri.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
