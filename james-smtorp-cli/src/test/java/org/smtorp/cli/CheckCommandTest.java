/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckCommandTest {
    private static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    private static final String FINGERPRINT = "xj4bnp4pahh6uqkb";

    @Test
    void checkShouldPrintTheCanonicalFormAndParts() {
        CommandRun run = CommandRun.of("check", "Alice@" + FINGERPRINT.toUpperCase() + "." + ONION.toUpperCase());

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Alice@" + FINGERPRINT + "." + ONION + "\n")
            .contains("local part:  Alice")
            .contains("onion:       " + ONION)
            .contains("fingerprint: " + FINGERPRINT + " (80 bits, abbreviated)");
    }

    @Test
    void checkShouldSayAnAddressWithoutFingerprintIsTrustedOnFirstUse() {
        CommandRun run = CommandRun.of("check", "bob@" + ONION);

        assertThat(run.out).contains("trust on first use");
    }

    @Test
    void checkShouldSayWhatIsWrong() {
        CommandRun run = CommandRun.of("check", "bob@abcdefghijklmnop.onion");

        assertThat(run.out).contains("v2 onion addresses are not supported");
    }

    @Test
    void checkShouldExitOneWhenAnyAddressIsInvalid() {
        CommandRun run = CommandRun.of("check", "bob@" + ONION, "bob@" + ONION.replace('p', 'q'));

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("bob@" + ONION + "\n").contains("invalid");
    }

    @Test
    void checkShouldExitZeroWhenAllAddressesAreValid() {
        assertThat(CommandRun.of("check", "a@" + ONION, "b@" + FINGERPRINT + "." + ONION).exitCode).isZero();
    }
}
