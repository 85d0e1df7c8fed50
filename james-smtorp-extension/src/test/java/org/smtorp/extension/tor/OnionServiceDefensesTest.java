/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;

class OnionServiceDefensesTest {
    @Test
    void defaultsShouldLimitStreamsClosingTheCircuitAndTurnProofOfWorkOn() {
        OnionServiceDefenses defaults = OnionServiceDefenses.defaults();

        assertThat(defaults.addOnionFlags()).containsExactly("MaxStreamsCloseCircuit");
        assertThat(defaults.addOnionArguments()).containsExactly("MaxStreams=20", "PoWDefensesEnabled=1");
    }

    @Test
    void queueSettingsShouldBeSentOnlyWhenGiven() {
        OnionServiceDefenses defenses = OnionServiceDefenses.of(8, true, true, OptionalInt.of(50),
            OptionalInt.of(200));

        assertThat(defenses.addOnionArguments())
            .containsExactly("MaxStreams=8", "PoWDefensesEnabled=1", "PoWQueueRate=50", "PoWQueueBurst=200");
    }

    // Off is tor's default; a tor without the PoW module refuses the keyword even with 0.
    @Test
    void proofOfWorkOffShouldSendNoProofOfWorkKeyword() {
        OnionServiceDefenses defenses = OnionServiceDefenses.of(20, true, false, OptionalInt.of(50),
            OptionalInt.empty());

        assertThat(defenses.addOnionArguments()).containsExactly("MaxStreams=20");
    }

    @Test
    void noStreamLimitShouldSetNoCloseCircuitFlag() {
        assertThat(OnionServiceDefenses.of(0, true, true, OptionalInt.empty(), OptionalInt.empty()).addOnionFlags())
            .isEmpty();
    }

    @Test
    void torrcLinesShouldSayTheSameForAHiddenServiceDir() {
        assertThat(OnionServiceDefenses.defaults().torrcLines()).containsExactly("HiddenServiceMaxStreams 20",
            "HiddenServiceMaxStreamsCloseCircuit 1", "HiddenServicePoWDefensesEnabled 1");
    }

    @Test
    void ofShouldRefuseMoreStreamsThanTorAllows() {
        assertThatThrownBy(() -> OnionServiceDefenses.of(65536, true, true, OptionalInt.empty(), OptionalInt.empty()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("max streams must be from 0 (no limit) to 65535, not 65536");
    }

    @Test
    void ofShouldRefuseANegativeQueueRate() {
        assertThatThrownBy(() -> OnionServiceDefenses.of(20, true, true, OptionalInt.of(-1), OptionalInt.empty()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("PoW queue rate must be 0 or more, not -1");
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(OnionServiceDefenses.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
