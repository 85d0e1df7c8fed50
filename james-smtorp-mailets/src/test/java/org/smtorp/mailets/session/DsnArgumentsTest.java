/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.DsnParameters.Notify;
import org.apache.mailet.DsnParameters.RecipientDsnParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.common.collect.ImmutableMap;

class DsnArgumentsTest {
    private static final MailAddress BOB = SmtpExchangeTest.address("bob@example.onion");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "bob@example.onion|bob@example.onion",
        "bob+tag@example.onion|bob+2Btag@example.onion",
        "a=b@example.onion|a+3Db@example.onion",
        "'\"a b\"@example.onion'|\"a+20b\"@example.onion",
        "~!@example.onion|~!@example.onion"})
    void xtextShouldEncodePlusEqualsAndWhatIsNotPrintableAsRfc3461Says(String text, String xtext) {
        assertThat(DsnArguments.xtext(text)).contains(xtext);
    }

    @Test
    void xtextShouldEncodeControlCharactersSoThatNoCommandLineEnds() {
        assertThat(DsnArguments.xtext("a\r\nb")).contains("a+0D+0Ab");
        assertThat(DsnArguments.xtext("a\u007fb")).contains("a+7Fb");
    }

    @Test
    void xtextShouldRefuseWhatIsNotUsAscii() {
        assertThat(DsnArguments.xtext("jörg@example.onion")).isEmpty();
    }

    @Test
    void noneShouldAddNothing() {
        assertThat(DsnArguments.NONE.mailFrom()).isEmpty();
        assertThat(DsnArguments.NONE.rcptTo(BOB)).isEmpty();
    }

    @Test
    void mailFromShouldCarryRetAndEnvIdAsTheyCame() {
        DsnArguments arguments = DsnArguments.of(DsnParameters.of(Optional.of(DsnParameters.EnvId.of("a+2Bb")),
            Optional.of(DsnParameters.Ret.FULL), ImmutableMap.of()), Map.of());

        assertThat(arguments.mailFrom()).isEqualTo(" RET=FULL ENVID=a+2Bb");
    }

    @Test
    void rcptToShouldCarryNotifyAndAnXtextOrcpt() {
        DsnArguments arguments = DsnArguments.of(Optional.empty(), Map.of(BOB, RecipientDsnParameters.of(
            EnumSet.of(Notify.DELAY, Notify.FAILURE), SmtpExchangeTest.address("bob+x@example.onion"))));

        assertThat(arguments.rcptTo(BOB)).isEqualTo(" NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob+2Bx@example.onion");
        assertThat(arguments.rcptTo(SmtpExchangeTest.address("carol@example.onion"))).isEmpty();
    }
}
