/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SmtorpAddressPropertiesTest {
    private static final String ATEXT =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";

    @Property
    void aDotStringShouldParseToItself(@ForAll("dotStrings") String localPart, @ForAll("domains") SmtorpDomain domain) {
        SmtorpAddress address = SmtorpAddress.parse(localPart + "@" + domain.asString());

        assertThat(address.asString()).isEqualTo(localPart + "@" + domain.asString());
    }

    @Property
    void aMinimallyQuotedLocalPartShouldKeepItsValue(@ForAll("quotableValues") String value,
                                                      @ForAll("domains") SmtorpDomain domain) {
        SmtorpAddress address = SmtorpAddress.parse(quote(value, false) + "@" + domain.asString());

        assertThat(valueOf(address.localPart())).isEqualTo(value);
    }

    @Property
    void aFullyEscapedLocalPartShouldKeepItsValue(@ForAll("quotableValues") String value,
                                                   @ForAll("domains") SmtorpDomain domain) {
        SmtorpAddress address = SmtorpAddress.parse(quote(value, true) + "@" + domain.asString());

        assertThat(valueOf(address.localPart())).isEqualTo(value);
    }

    @Property
    void theCanonicalFormShouldParseToAnEqualAddress(@ForAll("quotableValues") String value,
                                                     @ForAll("domains") SmtorpDomain domain) {
        SmtorpAddress address = SmtorpAddress.parse(quote(value, true) + "@" + domain.asString());

        assertThat(SmtorpAddress.parse(address.asString())).isEqualTo(address);
    }

    @Provide
    Arbitrary<String> dotStrings() {
        return Arbitraries.strings().withChars(ATEXT.toCharArray()).ofMinLength(1).ofMaxLength(12)
            .list().ofMinSize(1).ofMaxSize(5)
            .map(atoms -> String.join(".", atoms))
            .filter(text -> text.length() <= 64);
    }

    // Short enough that even the escape-everything spelling fits in 64 octets.
    @Provide
    Arbitrary<String> quotableValues() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(31);
    }

    @Provide
    Arbitrary<SmtorpDomain> domains() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).flatMap(keySeed -> {
            byte[] publicKey = new Ed25519PrivateKeyParameters(keySeed, 0).generatePublicKey().getEncoded();
            OnionAddress onion = OnionAddress.fromPublicKey(publicKey);
            return Arbitraries.integers().between(0, 256).map(bits -> bits < Fingerprint.MIN_BITS
                ? SmtorpDomain.of(onion)
                : SmtorpDomain.of(Fingerprint.of(keySeed).abbreviate(bits), onion));
        });
    }

    private static String quote(String value, boolean escapeEverything) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (escapeEverything || c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    private static String valueOf(String localPart) {
        if (!localPart.startsWith("\"")) {
            return localPart;
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < localPart.length() - 1; i++) {
            char c = localPart.charAt(i);
            if (c == '\\') {
                i++;
                c = localPart.charAt(i);
            }
            value.append(c);
        }
        return value.toString();
    }
}
