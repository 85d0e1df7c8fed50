/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.parameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitParametersTest {
    private static InitParameters of(String... nameValues) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("SomeMailet");
        for (int i = 0; i < nameValues.length; i += 2) {
            config.setProperty(nameValues[i], nameValues[i + 1]);
        }
        return InitParameters.of("SomeMailet", config.build(), Set.of("known"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"onMailetException", "onMatchException"})
    void ofShouldAcceptTheParametersJamesMailetContainerReads(String name) throws Exception {
        assertThat(of(name, "ignore", "known", "value").text("known")).contains("value");
    }

    @Test
    void ofShouldRejectAnUnknownParameterNamingIt() {
        assertThatThrownBy(() -> of("onMailetExceptions", "ignore"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("[onMailetExceptions]");
    }

    @Test
    void durationShouldReadItsUnit() throws Exception {
        assertThat(of("known", "90 seconds").duration("known")).contains(Duration.ofSeconds(90));
    }

    @Test
    void durationShouldRefuseABareNumberSayingWhatToWrite() {
        assertThatThrownBy(() -> of("known", "30").duration("known"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("known=\"30\"")
            .hasMessageContaining("\"30 seconds\" or \"30 ms\"");
    }

    @Test
    void durationOrMillisecondsShouldReadABareNumberAsRemoteDeliveryDoes() throws Exception {
        assertThat(of("known", "180000").durationOrMilliseconds("known")).contains(Duration.ofMinutes(3));
    }

    @Test
    void durationOrMillisecondsShouldReadAUnit() throws Exception {
        assertThat(of("known", "2 minutes").durationOrMilliseconds("known")).contains(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0 seconds", "forever"})
    void durationOrMillisecondsShouldRefuseWhatIsNoPositiveDuration(String value) {
        assertThatThrownBy(() -> of("known", value).durationOrMilliseconds("known"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("milliseconds (as RemoteDelivery's) or a duration");
    }
}
