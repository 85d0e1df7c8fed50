/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EquihashParametersTest {
    @Test
    void ofShouldRefuseKBelowThreeWhoseSolutionsDoNotFillWholeBytes() {
        // (16,1): two 9-bit indices, 18 bits; librustzcash's Params::new refuses k < 3 for this reason.
        assertThatThrownBy(() -> EquihashParameters.of(16, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Equihash k must be from 3 to 9 and below n, not 1");
        assertThatThrownBy(() -> EquihashParameters.of(24, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void zcashsParametersShouldHaveTheirPublishedSizes() {
        EquihashParameters blocks = EquihashParameters.of(200, 9);
        assertThat(blocks.collisionBits()).isEqualTo(20);
        assertThat(blocks.indexBits()).isEqualTo(21);
        assertThat(blocks.solutionIndices()).isEqualTo(512);
        assertThat(blocks.hashesPerBlake2b()).isEqualTo(2);
    }
}
