/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JamesServerIT {
    @RegisterExtension
    static JamesServerExtension james = JamesServerExtension.withSmtorp("smoke.test");

    private final SMTPClient smtp = new SMTPClient();

    @BeforeEach
    void connect() throws IOException {
        smtp.connect(InetAddress.getLoopbackAddress(), james.smtpPort());
    }

    @AfterEach
    void disconnect() throws IOException {
        if (smtp.isConnected()) {
            smtp.disconnect();
        }
    }

    @Test
    void jamesShouldGreetOnLoopbackSmtp() {
        assertThat(smtp.getReplyCode()).isEqualTo(SMTPReply.SERVICE_READY);
        assertThat(smtp.getReplyString()).startsWith("220 smoke.test");
    }

    @Test
    void jamesShouldAnswerEhloWithItsConfiguredName() throws IOException {
        assertThat(smtp.sendCommand("EHLO", "client.test")).isEqualTo(SMTPReply.ACTION_OK);
        assertThat(smtp.getReplyString()).startsWith("250-smoke.test");
    }

    @Test
    void jamesShouldLoadTheSmtorpExtensionFromExtensionsJars() {
        assertThat(james.server().log())
            .contains("SMTorP extension loaded");
    }
}
