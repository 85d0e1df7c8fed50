/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.address;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class FingerprintPropertiesTest {
    @Property
    void anAbbreviationShouldParseBack(@ForAll @Size(max = 200) byte[] spki, @ForAll @IntRange(min = 80, max = 256) int bits) {
        Fingerprint prefix = Fingerprint.of(spki).abbreviate(bits);

        assertThat(Fingerprint.parse(prefix.asString())).isEqualTo(prefix);
    }

    @Property
    void anAbbreviationShouldMatchItsSpki(@ForAll @Size(max = 200) byte[] spki, @ForAll @IntRange(min = 80, max = 256) int bits) {
        assertThat(Fingerprint.of(spki).abbreviate(bits).matches(spki)).isTrue();
    }

    @Property
    void anAbbreviationShouldKeepAtLeastTheBitsAskedFor(@ForAll @Size(max = 200) byte[] spki,
                                                        @ForAll @IntRange(min = 80, max = 256) int bits) {
        int kept = Fingerprint.of(spki).abbreviate(bits).bits();

        assertThat(kept).isBetween(bits, bits + 4);
    }

    @Property
    void aFullFingerprintShouldParseBack(@ForAll @Size(max = 200) byte[] spki) {
        Fingerprint full = Fingerprint.of(spki);

        assertThat(Fingerprint.parse(full.asString())).isEqualTo(full);
    }
}
