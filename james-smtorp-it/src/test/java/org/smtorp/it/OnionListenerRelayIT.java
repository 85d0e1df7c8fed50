/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * The onion listener is no relay. Like every connection tor forwards, these come from
 * 127.0.0.1 and speak TLS; each relay trick is sent as raw RCPT text, so James's own
 * parser can not hide it, and must get 550 5.7.1.
 */
class OnionListenerRelayIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("OnionListenerRelayIT");
    private static final String ONION = IDENTITY.onion().asString();
    private static final String FINGERPRINT = IDENTITY.fingerprint().asString();
    private static final String OTHER_ONION = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    private static final String OTHER_FINGERPRINT =
        Fingerprint.of("another key".getBytes(StandardCharsets.US_ASCII)).asString();
    private static final String PASSWORD = "correct-horse-battery";
    private static final String LOCAL_DOMAIN = "local.test";

    @RegisterExtension
    static JamesServerExtension james = OnionListener.james(IDENTITY);

    private SMTPSClient smtp;

    @BeforeAll
    static void createUsers() throws Exception {
        WebAdmin webAdmin = new WebAdmin(james.port(OnionListener.WEBADMIN));
        webAdmin.createUser("alice@" + ONION, PASSWORD);
        webAdmin.createDomain(LOCAL_DOMAIN);
        webAdmin.createUser("carol@" + LOCAL_DOMAIN, PASSWORD);
    }

    @BeforeEach
    void startTransaction() throws IOException {
        smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        assertThat(smtp.sendCommand("EHLO", "client.test")).isEqualTo(250);
        assertThat(smtp.sendCommand("MAIL", "FROM:<bob@example.com>")).isEqualTo(250);
    }

    @AfterEach
    void disconnect() throws IOException {
        SmtpClients.close(smtp);
    }

    static Stream<Arguments> relayTricks() {
        return Stream.of(
            Arguments.of("foreign domain", "<bob@example.com>"),
            Arguments.of("foreign domain in upper case", "<BOB@EXAMPLE.COM>"),
            Arguments.of("foreign domain with a trailing dot", "<bob@example.com.>"),
            Arguments.of("foreign domain in upper case with a trailing dot", "<bob@EXAMPLE.COM.>"),
            Arguments.of("percent hack", "<bob%example.com@" + ONION + ">"),
            Arguments.of("source route through us", "<@" + ONION + ":bob@example.com>"),
            Arguments.of("source route ending at a local user", "<@example.com:alice@" + ONION + ">"),
            Arguments.of("quoted local part with '@'", "<\"bob@example.com\"@" + ONION + ">"),
            Arguments.of("quoted local part with '%'", "<\"bob%example.com\"@" + ONION + ">"),
            Arguments.of("bang path", "<example.com!bob@" + ONION + ">"),
            Arguments.of("IPv4 literal", "<bob@[127.0.0.1]>"),
            Arguments.of("IPv6 literal", "<bob@[IPv6:::1]>"),
            Arguments.of("IP address without brackets", "<bob@127.0.0.1>"),
            Arguments.of("another onion", "<bob@" + OTHER_ONION + ">"),
            Arguments.of("another onion with our fingerprint", "<bob@" + FINGERPRINT + "." + OTHER_ONION + ">"),
            Arguments.of("our onion with another key's fingerprint", "<alice@" + OTHER_FINGERPRINT + "." + ONION + ">"),
            Arguments.of("our onion with a fingerprint too short", "<alice@" + FINGERPRINT.substring(0, 15) + "." + ONION
                + ">"),
            Arguments.of("our onion with a label that is no fingerprint", "<alice@mail." + ONION + ">"),
            Arguments.of("our fingerprint with a label in front", "<alice@x." + FINGERPRINT + "." + ONION + ">"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("relayTricks")
    void rcptShouldRefuseRelayTrick(String trick, String path) throws IOException {
        int code = smtp.sendCommand("RCPT", "TO:" + path);

        assertThat(code).as(trick).isEqualTo(550);
        assertThat(smtp.getReplyString()).as(trick).startsWith("550 5.7.1 Relaying denied: ");
    }

    @Test
    void rcptShouldRefuseWhenPercentHack() throws IOException {
        assertThat(smtp.sendCommand("RCPT", "TO:<bob%example.com@" + ONION + ">")).isEqualTo(550);
        assertThat(smtp.getReplyString()).startsWith("550 5.7.1 Relaying denied: '%' in the local part");
    }

    @Test
    void rcptShouldLogARefusalOnceWithItsReasonAndWithoutTheLocalPart() throws IOException {
        String domain = "once-" + System.nanoTime() + ".example";

        smtp.sendCommand("RCPT", "TO:<very-private-name@" + domain + ">");

        String[] lines = james.server().log().split("\n");
        assertThat(Arrays.stream(lines).filter(line -> line.contains(domain)))
            .singleElement()
            .satisfies(line -> assertThat(line)
                .contains("INFO")
                .contains("Refused RCPT on the onion listener: domain is not local"));
        assertThat(james.server().log()).doesNotContain("very-private-name");
    }

    @Test
    void rcptShouldAcceptALocalUser() throws IOException {
        assertThat(smtp.sendCommand("RCPT", "TO:<alice@" + ONION + ">")).isEqualTo(250);
    }

    @Test
    void rcptShouldAcceptALocalUserAtOurFingerprint() throws IOException {
        assertThat(smtp.sendCommand("RCPT", "TO:<alice@" + FINGERPRINT + "." + ONION + ">")).isEqualTo(250);
    }

    @Test
    void rcptShouldAcceptAUserOfAnotherJamesLocalDomain() throws IOException {
        assertThat(smtp.sendCommand("RCPT", "TO:<carol@" + LOCAL_DOMAIN + ">")).isEqualTo(250);
    }

    @Test
    void rcptShouldRefuseAnUnknownUserOfOurOnion() throws IOException {
        assertThat(smtp.sendCommand("RCPT", "TO:<mallory@" + ONION + ">")).isEqualTo(550);
        assertThat(smtp.getReplyString()).startsWith("550 5.1.1");
    }

    @Test
    void rcptShouldRefuseAnUnknownUserAtOurFingerprint() throws IOException {
        assertThat(smtp.sendCommand("RCPT", "TO:<mallory@" + FINGERPRINT + "." + ONION + ">")).isEqualTo(550);
        assertThat(smtp.getReplyString()).startsWith("550 5.1.1");
    }

    @Test
    void authShouldBeRefusedEvenWithAValidPassword() throws IOException {
        String credentials = Base64.getEncoder().encodeToString(
            ("\0alice@" + ONION + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        assertThat(smtp.sendCommand("AUTH", "PLAIN " + credentials)).isEqualTo(504);
    }

    @Test
    void ehloShouldNotAnnounceAuth() throws IOException {
        smtp.sendCommand("EHLO", "client.test");

        assertThat(smtp.getReplyString()).doesNotContain("AUTH");
    }
}
