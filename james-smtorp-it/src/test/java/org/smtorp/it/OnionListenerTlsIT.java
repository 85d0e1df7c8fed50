/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * The onion listener's TLS, checked with openssl s_client. James runs with a Java security
 * policy that allows TLS 1.0 and 1.1 again, so a refusal seen here comes from the
 * listener's configuration, not from the JDK's defaults. The clients lower OpenSSL's own
 * floor for the same reason.
 */
class OnionListenerTlsIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("OnionListenerTlsIT");
    private static final String ONION = IDENTITY.onion().asString();
    private static final String LEGACY_CIPHERS = "DEFAULT:@SECLEVEL=0";

    @RegisterExtension
    static JamesServerExtension james = OnionListener.james(IDENTITY)
        .withJvmOption("-Djava.security.properties="
            + Path.of(System.getProperty("smtorp.testResources"), "java-security-legacy-tls.properties"));

    private static PeerRun sClient(String listener, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
            "127.0.0.1:" + james.port(listener), "-servername", ONION));
        if (OnionListener.STARTTLS.equals(listener)) {
            command.addAll(List.of("-starttls", "smtp", "-name", "client.test"));
        }
        command.addAll(List.of(options));
        return PeerRun.of(command.toArray(new String[0]));
    }

    @ParameterizedTest
    @CsvSource({"onion, -tls1", "onion, -tls1_1", "onionStarttls, -tls1", "onionStarttls, -tls1_1"})
    void handshakeShouldBeRefusedBelowTls12(String listener, String version) throws Exception {
        PeerRun openssl = sClient(listener, version, "-cipher", LEGACY_CIPHERS);

        assertThat(openssl.exitCode()).as(openssl.toString()).isNotZero();
        assertThat(openssl.output()).as(openssl.toString()).contains("alert protocol version");
    }

    @ParameterizedTest
    @CsvSource({"onion, -tls1_2, TLSv1.2", "onion, -tls1_3, TLSv1.3",
        "onionStarttls, -tls1_2, TLSv1.2", "onionStarttls, -tls1_3, TLSv1.3"})
    void handshakeShouldSucceedWithTls12And13(String listener, String version, String protocol) throws Exception {
        PeerRun openssl = sClient(listener, version);

        assertThat(openssl.exitCode()).as(openssl.toString()).isZero();
        assertThat(openssl.output()).as(openssl.toString()).contains("New, " + protocol + ", Cipher is ");
    }

    @Test
    void handshakeShouldPreferTls13() throws Exception {
        PeerRun openssl = sClient(OnionListener.IMPLICIT_TLS);

        assertThat(openssl.output()).as(openssl.toString()).contains("New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384");
    }

    @Test
    void handshakeShouldUseAnAeadSuiteWithForwardSecrecyUnderTls12() throws Exception {
        PeerRun openssl = sClient(OnionListener.IMPLICIT_TLS, "-tls1_2");

        assertThat(openssl.output()).as(openssl.toString())
            .contains("New, TLSv1.2, Cipher is ECDHE-ECDSA-AES256-GCM-SHA384");
    }

    @ParameterizedTest
    @CsvSource({"ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384"})
    void handshakeShouldBeRefusedForWeakTls12Suites(String suite) throws Exception {
        PeerRun openssl = sClient(OnionListener.IMPLICIT_TLS, "-tls1_2", "-cipher", suite + ":@SECLEVEL=0");

        assertThat(openssl.exitCode()).as(openssl.toString()).isNotZero();
        assertThat(openssl.output()).as(openssl.toString()).contains("alert handshake failure");
    }

    @Test
    void greetingShouldNameTheOnionAndNothingElse() throws IOException {
        SMTPSClient smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        try {
            assertThat(smtp.getReplyString().trim()).isEqualTo("220 " + ONION + " ESMTP");
        } finally {
            SmtpClients.close(smtp);
        }
    }

    @Test
    void ehloShouldNameTheOnionNotTheMachine() throws IOException {
        SMTPSClient smtp = SmtpClients.implicitTls(james.port(OnionListener.IMPLICIT_TLS));
        try {
            smtp.sendCommand("EHLO", "client.test");

            // As a whole name: a short host name ("vm") turns up inside random onions and challenges.
            Pattern hostName = Pattern.compile("(?i)(^|[^a-z0-9-])" + Pattern.quote(InetAddress.getLocalHost().getHostName())
                + "($|[^a-z0-9-])");
            assertThat(smtp.getReplyString()).startsWith("250-" + ONION).doesNotContainPattern(hostName);
        } finally {
            SmtpClients.close(smtp);
        }
    }
}
