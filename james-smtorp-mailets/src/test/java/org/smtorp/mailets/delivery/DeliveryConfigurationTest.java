/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.mailets.route.TlsMode;

class DeliveryConfigurationTest {
    private static final String OUR_ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    private static final Path WORK = Path.of("/james");

    private static DeliveryConfiguration parse(Map<String, String> parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("OnionRemoteDelivery");
        parameters.forEach(config::setProperty);
        return DeliveryConfiguration.from(config.build(), WORK);
    }

    private static DeliveryConfiguration parseWithHelo(String name, String value) throws MessagingException {
        return parse(Map.of(DeliveryConfiguration.HELO_NAME, OUR_ONION, name, value));
    }

    @Test
    void defaultsShouldApplyWhenOnlyTheHeloNameIsGiven() throws Exception {
        DeliveryConfiguration configuration = parse(Map.of(DeliveryConfiguration.HELO_NAME, OUR_ONION));

        assertThat(configuration.outgoingQueue()).isEqualTo(DeliveryConfiguration.DEFAULT_OUTGOING_QUEUE);
        assertThat(configuration.maxRetries()).isEqualTo(DeliveryConfiguration.DEFAULT_MAX_RETRIES);
        assertThat(configuration.deliveryThreads()).isEqualTo(DeliveryConfiguration.DEFAULT_DELIVERY_THREADS);
        assertThat(configuration.timeout()).isEqualTo(DeliveryConfiguration.DEFAULT_TIMEOUT);
        assertThat(configuration.socks().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(configuration.socks().getPort()).isEqualTo(DeliveryConfiguration.DEFAULT_SOCKS_PORT);
        assertThat(configuration.tlsMode()).isEqualTo(TlsMode.IMPLICIT_OR_STARTTLS);
        assertThat(configuration.pinDirectory()).isEqualTo(WORK.resolve(DeliveryConfiguration.DEFAULT_PIN_DIRECTORY));
        assertThat(configuration.bounceProcessor()).isEmpty();
        assertThat(configuration.heloName().asString()).isEqualTo(OUR_ONION);
        assertThat(configuration.maxSessionsPerDestination())
            .isEqualTo(DeliveryConfiguration.DEFAULT_MAX_SESSIONS_PER_DESTINATION);
    }

    @Test
    void givenValuesShouldBeParsed() throws Exception {
        DeliveryConfiguration configuration = parse(Map.of(DeliveryConfiguration.HELO_NAME, OUR_ONION,
            DeliveryConfiguration.DELAY_TIME, "2 * 1 second", DeliveryConfiguration.MAX_RETRIES, "2",
            DeliveryConfiguration.SOCKS_PORT, "9150", DeliveryConfiguration.TIMEOUT, "5 seconds",
            DeliveryConfiguration.TLS_MODE, "starttls", DeliveryConfiguration.BOUNCE_PROCESSOR, "bounces",
            DeliveryConfiguration.MAX_SESSIONS_PER_DESTINATION, "1"));

        assertThat(configuration.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(configuration.maxRetries()).isEqualTo(2);
        assertThat(configuration.socks().getPort()).isEqualTo(9150);
        assertThat(configuration.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(configuration.tlsMode()).isEqualTo(TlsMode.STARTTLS);
        assertThat(configuration.bounceProcessor()).contains("bounces");
        assertThat(configuration.maxSessionsPerDestination()).isEqualTo(1);
    }

    @Test
    void timeoutShouldReadABareNumberAsMillisecondsAsRemoteDeliveryDoes() throws Exception {
        assertThat(parseWithHelo(DeliveryConfiguration.TIMEOUT, "180000").timeout()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void fromShouldAcceptTheErrorHandlingOfJamesMailetContainer() throws Exception {
        DeliveryConfiguration configuration = parse(Map.of(DeliveryConfiguration.HELO_NAME, OUR_ONION,
            "onMailetException", "ignore", "onMatchException", "nomatch"));

        assertThat(configuration.heloName().asString()).isEqualTo(OUR_ONION);
    }

    @Test
    void fromShouldRejectAnUnknownParameterNamingIt() {
        assertThatThrownBy(() -> parseWithHelo("gateway", "smtp.example.com"))
            .isInstanceOf(MessagingException.class).hasMessageContaining("gateway");
    }

    @Test
    void fromShouldRejectNeitherHeloNameNorIdentity() {
        assertThatThrownBy(() -> parse(Map.of()))
            .hasMessageContaining(DeliveryConfiguration.HELO_NAME)
            .hasMessageContaining(DeliveryConfiguration.IDENTITY_DIRECTORY);
    }

    @Test
    void fromShouldRejectBothHeloNameAndIdentity() {
        assertThatThrownBy(() -> parseWithHelo(DeliveryConfiguration.IDENTITY_DIRECTORY, "identity"))
            .hasMessageContaining("exactly one");
    }

    @Test
    void fromShouldRejectAHeloNameThatIsNotAnOnion() {
        assertThatThrownBy(() -> parse(Map.of(DeliveryConfiguration.HELO_NAME, "mail.example.com")))
            .hasMessageContaining(DeliveryConfiguration.HELO_NAME).hasMessageContaining("mail.example.com");
    }

    @Test
    void fromShouldRejectAnIdentityDirectoryWithoutAnIdentity() {
        assertThatThrownBy(() -> parse(Map.of(DeliveryConfiguration.IDENTITY_DIRECTORY, "no/such/identity")))
            .hasMessageContaining(DeliveryConfiguration.IDENTITY_DIRECTORY).hasMessageContaining("smtorp init");
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
        "socksHost|localhost|a loopback IP address (127.0.0.0/8 or ::1)",
        "socksPort|0|1 to 65535",
        "socksPort|65536|1 to 65535",
        "tlsMode|plain|implicitOrStarttls, implicit or starttls",
        "powBudget|-5 seconds|a duration",
        "idleTimeout|never|a duration",
        "idleTimeout|30|a duration with its unit",
        "powBudget|60|a duration with its unit",
        "maxSessionsPerDestination|0|>= 1",
        "maxSessionsPerDestination|unlimited|>= 1"})
    void fromShouldRejectABadValueNamingTheParameterAndWhatIsAllowed(String name, String value, String allowed) {
        assertThatThrownBy(() -> parseWithHelo(name, value))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining(name + "=\"" + value + "\"")
            .hasMessageContaining(allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.5", "0.0.0.0", "192.168.1.20", "::", "fe80::1"})
    void fromShouldRefuseASocksHostOffLoopbackNamingTheParameterTheValueAndWhatIsAllowed(String host) {
        assertThatThrownBy(() -> parseWithHelo(DeliveryConfiguration.SOCKS_HOST, host))
            .isInstanceOf(MessagingException.class)
            .hasMessage("OnionRemoteDelivery parameter socksHost=\"" + host + "\" is invalid; allowed: a loopback "
                + "IP address (127.0.0.0/8 or ::1)");
    }

    @Test
    void socksHostShouldTakeAnyAddressOfTheLoopbackNetwork() throws Exception {
        assertThat(parseWithHelo(DeliveryConfiguration.SOCKS_HOST, "127.0.0.2").socks().getAddress())
            .isEqualTo(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}));
    }

    @Test
    void socksHostShouldTakeAnIpv6Literal() throws Exception {
        assertThat(parseWithHelo(DeliveryConfiguration.SOCKS_HOST, "::1").socks().getAddress().isLoopbackAddress())
            .isTrue();
    }

    @Test
    void pinDirectoryShouldResolveAgainstTheWorkingDirectory() throws Exception {
        assertThat(parseWithHelo(DeliveryConfiguration.PIN_DIRECTORY, "pins").pinDirectory())
            .isEqualTo(WORK.resolve("pins"));
    }
}
