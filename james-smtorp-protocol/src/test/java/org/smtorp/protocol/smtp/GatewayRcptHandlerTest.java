/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

class GatewayRcptHandlerTest {
    private static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    private static final String FINGERPRINT = "abcdefghijklmnopqrst";

    private final GatewayRcptHandler handler = new GatewayRcptHandler();

    private HookResult rcpt(String address) throws Exception {
        return handler.doRcpt(TestSessions.beforeTls(), MaybeSender.nullSender(), new MailAddress(address));
    }

    @Test
    void anOnionRecipientShouldBePassedOnToJamesRelayCheck() throws Exception {
        assertThat(rcpt("bob@" + ONION)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void anOnionRecipientWithAFingerprintShouldBePassedOn() throws Exception {
        assertThat(rcpt("bob@" + FINGERPRINT + "." + ONION.toUpperCase())).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aLegacyRecipientShouldBeRefusedWith550AndTheReason() throws Exception {
        HookResult refused = rcpt("carol@legacy.example");

        assertThat(refused.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(refused.getSmtpRetCode()).isEqualTo("550");
        assertThat(refused.getSmtpDescription())
            .isEqualTo("5.7.1 Relaying denied: this gateway only delivers to .onion recipients");
    }

    @Test
    void aDomainThatOnlyContainsOnionShouldBeRefusedAsLegacy() throws Exception {
        assertThat(rcpt("carol@" + ONION + ".legacy.example").getSmtpRetCode()).isEqualTo("550");
    }

    @Test
    void anOnionWithABadChecksumShouldBeRefusedWith553NamingTheRule() throws Exception {
        String badChecksum = "ag6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

        HookResult refused = rcpt("bob@" + badChecksum);

        assertThat(refused.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(refused.getSmtpRetCode()).isEqualTo("553");
        assertThat(refused.getSmtpDescription()).isEqualTo("5.1.3 Not a valid onion address (checksum)");
    }

    @Test
    void aV2OnionShouldBeRefusedWith553() throws Exception {
        assertThat(rcpt("bob@expyuzz4wqqyqhjn.onion").getSmtpRetCode()).isEqualTo("553");
    }

    @Test
    void anUnknownElementShouldFailTheStart() {
        assertThatThrownBy(() -> handler.init(TestHandlerElements.of(GatewayRcptHandler.class, "relayAll", "true")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<relayAll>");
    }
}
