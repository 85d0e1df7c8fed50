/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LeadingZerosTest {
    @Property
    void atLeastShouldAgreeWithOf(@ForAll @Size(min = 1, max = 4) byte[] hash, @ForAll @IntRange(max = 40) int bits) {
        assertThat(LeadingZeros.atLeast(hash, bits)).isEqualTo(LeadingZeros.of(hash) >= bits);
    }

    @Property
    void ofShouldCountBitsOfTheFirstNonZeroByte(@ForAll @IntRange(min = 1, max = 255) int b) {
        assertThat(LeadingZeros.of(new byte[] {0, (byte) b})).isEqualTo(8 + Integer.numberOfLeadingZeros(b) - 24);
    }
}
