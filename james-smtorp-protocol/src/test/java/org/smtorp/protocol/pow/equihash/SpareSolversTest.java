/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.equihash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpareSolversTest {
    @Test
    void aSolverGivenBackShouldServeTheNextSearchWithItsTables() {
        SpareSolvers spare = SpareSolvers.upTo(2);
        EquihashSolver first = spare.borrow();
        spare.giveBack(first);

        assertThat(spare.borrow()).isSameAs(first);
        assertThat(spare.borrow()).isNotSameAs(first);
    }

    @Test
    void noMoreThanTheLimitShouldBeKept() {
        SpareSolvers spare = SpareSolvers.upTo(1);
        EquihashSolver one = spare.borrow();
        EquihashSolver two = spare.borrow();
        spare.giveBack(one);
        spare.giveBack(two);
        spare.giveBack(one);

        assertThat(spare.kept()).isEqualTo(1);
    }
}
