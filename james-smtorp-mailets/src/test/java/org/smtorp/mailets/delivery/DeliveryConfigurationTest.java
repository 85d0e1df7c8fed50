/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtorp.mailets.route.TlsMode;

class DeliveryConfigurationTest {
    private static DeliveryConfiguration parse(Map<String, String> parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("OnionRemoteDelivery");
        parameters.forEach(config::setProperty);
        return DeliveryConfiguration.from(config.build());
    }

    private static DeliveryConfiguration parse(String name, String value) throws MessagingException {
        return parse(Map.of(name, value));
    }

    @Test
    void defaultsShouldApplyWhenNothingIsGiven() throws Exception {
        DeliveryConfiguration configuration = parse(Map.of());

        assertThat(configuration.outgoingQueue()).isEqualTo(DeliveryConfiguration.DEFAULT_OUTGOING_QUEUE);
        assertThat(configuration.maxRetries()).isEqualTo(DeliveryConfiguration.DEFAULT_MAX_RETRIES);
        assertThat(configuration.deliveryThreads()).isEqualTo(DeliveryConfiguration.DEFAULT_DELIVERY_THREADS);
        assertThat(configuration.timeout()).isEqualTo(DeliveryConfiguration.DEFAULT_TIMEOUT);
        assertThat(configuration.tlsMode()).isEqualTo(TlsMode.IMPLICIT_OR_STARTTLS);
        assertThat(configuration.bounceProcessor()).isEmpty();
        assertThat(configuration.maxSessionsPerDestination())
            .isEqualTo(DeliveryConfiguration.DEFAULT_MAX_SESSIONS_PER_DESTINATION);
    }

    @Test
    void givenValuesShouldBeParsed() throws Exception {
        DeliveryConfiguration configuration = parse(Map.of(
            DeliveryConfiguration.DELAY_TIME, "2 * 1 second", DeliveryConfiguration.MAX_RETRIES, "2",
            DeliveryConfiguration.TIMEOUT, "5 seconds",
            DeliveryConfiguration.TLS_MODE, "starttls", DeliveryConfiguration.BOUNCE_PROCESSOR, "bounces",
            DeliveryConfiguration.MAX_SESSIONS_PER_DESTINATION, "1"));

        assertThat(configuration.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(configuration.maxRetries()).isEqualTo(2);
        assertThat(configuration.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(configuration.tlsMode()).isEqualTo(TlsMode.STARTTLS);
        assertThat(configuration.bounceProcessor()).contains("bounces");
        assertThat(configuration.maxSessionsPerDestination()).isEqualTo(1);
    }

    private static final String RELAY = "xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq."
        + "lhnmvqkcfxadsfihyzdcfewoxln2ohal47qbebgpnm76a37mauqbavad.onion";

    @Test
    void noSendingRelayShouldBeTheDefault() throws Exception {
        assertThat(parse(Map.of()).sendingRelay()).isEmpty();
    }

    @Test
    void aPinnedSendingRelayShouldWaitThirtyMinutesByDefault() throws Exception {
        SendingRelay relay = parse(DeliveryConfiguration.SENDING_RELAY, RELAY).sendingRelay().orElseThrow();

        assertThat(relay.relay().asString()).isEqualTo(RELAY);
        assertThat(relay.after()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void sendingRelayAfterShouldBeReadAsJamesDurations() throws Exception {
        assertThat(parse(Map.of(DeliveryConfiguration.SENDING_RELAY, RELAY,
            DeliveryConfiguration.SENDING_RELAY_AFTER, "2 hours")).sendingRelay().orElseThrow().after())
            .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void anUnpinnedSendingRelayShouldFailInit() {
        String unpinned = RELAY.substring(RELAY.indexOf('.') + 1);

        assertThatThrownBy(() -> parse(DeliveryConfiguration.SENDING_RELAY, unpinned))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("sendingRelay=\"" + unpinned + "\" is invalid")
            .hasMessageContaining("<fingerprint>.<onion>.onion");
    }

    @Test
    void aMalformedSendingRelayShouldFailInitNamingTheRule() {
        String broken = RELAY.replace("mauqbavad.onion", "mauqbavaa.onion");

        assertThatThrownBy(() -> parse(DeliveryConfiguration.SENDING_RELAY, broken))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("sendingRelay=\"" + broken + "\" is invalid")
            .hasMessageContaining("only version 3 is supported");
    }

    // 2 retries: 1 minute, then 15 minutes; the last attempt comes 16 minutes after the first.
    @Test
    void aSendingRelayAfterTheLastRetryShouldBeKnownNeverToBeReached() throws Exception {
        Map<String, String> schedule = Map.of(DeliveryConfiguration.DELAY_TIME, "1 minute, 15 minutes",
            DeliveryConfiguration.MAX_RETRIES, "2", DeliveryConfiguration.SENDING_RELAY, RELAY);
        Map<String, String> late = new java.util.HashMap<>(schedule);
        late.put(DeliveryConfiguration.SENDING_RELAY_AFTER, "17 minutes");
        Map<String, String> inTime = new java.util.HashMap<>(schedule);
        inTime.put(DeliveryConfiguration.SENDING_RELAY_AFTER, "16 minutes");

        assertThat(parse(late).retrySchedule()).isEqualTo(Duration.ofMinutes(16));
        assertThat(parse(late).reachesTheRelay()).isFalse();
        assertThat(parse(inTime).reachesTheRelay()).isTrue();
        assertThat(parse(Map.of()).reachesTheRelay()).isTrue();
    }

    @Test
    void sendingRelayAfterWithoutARelayShouldFailInit() {
        assertThatThrownBy(() -> parse(DeliveryConfiguration.SENDING_RELAY_AFTER, "10 minutes"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("sendingRelayAfter needs sendingRelay");
    }

    @Test
    void aDelayProcessorShouldBeOptional() throws Exception {
        assertThat(parse(Map.of()).delayProcessor()).isEmpty();
        assertThat(parse(DeliveryConfiguration.DELAY_PROCESSOR, "delays").delayProcessor()).contains("delays");
    }

    @Test
    void timeoutShouldReadABareNumberAsMillisecondsAsRemoteDeliveryDoes() throws Exception {
        assertThat(parse(DeliveryConfiguration.TIMEOUT, "180000").timeout()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void fromShouldAcceptTheErrorHandlingOfJamesMailetContainer() throws Exception {
        DeliveryConfiguration configuration = parse(Map.of(DeliveryConfiguration.TIMEOUT, "5 seconds",
            "onMailetException", "ignore", "onMatchException", "nomatch"));

        assertThat(configuration.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void fromShouldRejectAnUnknownParameterNamingIt() {
        assertThatThrownBy(() -> parse("gateway", "smtp.example.com"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("gateway");
    }

    @Test
    void fromShouldTakeTheParametersThatMovedToSmtorpPropertiesForMovedParametersToCompare() throws Exception {
        assertThat(parse(Map.of("socksPort", "9050", "socksHost", "127.0.0.1", "identityDirectory", "identity",
            "pinDirectory", "pins", "heloName", "example.onion")).tlsMode()).isEqualTo(TlsMode.IMPLICIT_OR_STARTTLS);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "maxRetries|-1|>= 0",
        "maxRetries|many|>= 0",
        "delayTime|soon|delays such as",
        "deliveryThreads|0|>= 1",
        "timeout|0 seconds|a duration",
        "timeout|forever|a duration",
        "transactionTimeout|600|a duration with its unit, such as \"600 seconds\"",
        "tlsMode|plain|implicitOrStarttls, implicit or starttls",
        "powBudget|-5 seconds|a duration",
        "idleTimeout|never|a duration",
        "idleTimeout|30|a duration with its unit",
        "powBudget|60|a duration with its unit",
        "maxSessionsPerDestination|0|>= 1",
        "maxSessionsPerDestination|unlimited|>= 1"})
    void fromShouldRejectABadValueNamingTheParameterAndWhatIsAllowed(String name, String value, String allowed) {
        assertThatThrownBy(() -> parse(name, value))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining(name + "=\"" + value + "\"")
            .hasMessageContaining(allowed);
    }
}
