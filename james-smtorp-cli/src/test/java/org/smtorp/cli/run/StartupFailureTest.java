/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupFailureTest {
    @Test
    void explainShouldPreferTheLineNamingAConfigurationFile() {
        String log = "16:30:04.978 INFO  o.a.j.GuiceGenericLoader - Enabling injects\n"
            + "16:30:05.001 ERROR org.apache.james.GuiceJamesServer - Fatal error while starting James\n"
            + "com.google.inject.ProvisionException: Unable to provision, see the following errors:\n"
            + "1) [Guice/ErrorInCustomProvider]: UncheckedIOException: smtorp.properties: tor.hiddenServiceDirectory:"
            + " cannot read /nowhere\n"
            + "\tat org.smtorp.extension.SmtorpModule.domain(SmtorpModule.java:108)\n"
            + "Caused by: java.nio.file.NoSuchFileException: /nowhere/hostname\n";

        assertThat(StartupFailure.explain(log))
            .isEqualTo("smtorp.properties: tor.hiddenServiceDirectory: cannot read /nowhere");
    }

    @Test
    void explainShouldFallBackToTheDeepestCause() {
        String log = "12:00:00.000 ERROR x - Fatal error\njava.lang.RuntimeException: wrapper\n\tat a.b(C.java:1)\n"
            + "Caused by: java.net.BindException: Address already in use\n\tat d.e(F.java:2)\n";

        assertThat(StartupFailure.explain(log)).isEqualTo("Address already in use");
    }

    @Test
    void explainShouldFallBackToTheFirstError() {
        assertThat(StartupFailure.explain("12:00:00.000 INFO a - fine\n12:00:01.000 ERROR b - broken\n"))
            .isEqualTo("b - broken");
    }

    @Test
    void explainShouldSayWhenTheLogIsEmpty() {
        assertThat(StartupFailure.explain("")).isEqualTo("James wrote nothing to its log");
    }
}
