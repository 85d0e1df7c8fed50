/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.sender;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

/** The reverse paths a sending relay takes from the server that proved {@code SENDER}. */
class RelayedMailTest {
    private static final OnionAddress ONION =
        OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final String OTHER_ONION = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    private static final Fingerprint KEY = Fingerprint.of(new byte[] {1, 2, 3});
    private static final Fingerprint OTHER_KEY = Fingerprint.of(new byte[] {4, 5, 6});
    private static final ProvedSender SENDER = ProvedSender.of(ONION, KEY);

    private static boolean allows(String reversePath) throws Exception {
        return RelayedMail.allowsReversePath(MaybeSender.of(new MailAddress(reversePath)), SENDER);
    }

    @Test
    void theNullReversePathShouldBeAllowed() {
        assertThat(RelayedMail.allowsReversePath(MaybeSender.nullSender(), SENDER)).isTrue();
    }

    @Test
    void anAddressAtTheProvedOnionShouldBeAllowedBareOrWithAPrefixOfTheProvedKey() throws Exception {
        assertThat(allows("alice@" + ONION.asString())).isTrue();
        assertThat(allows("alice@" + ONION.asString().toUpperCase(java.util.Locale.ROOT))).isTrue();
        assertThat(allows("alice@" + KEY.asString() + "." + ONION.asString())).isTrue();
        assertThat(allows("alice@" + KEY.abbreviate(Fingerprint.MIN_BITS).asString() + "." + ONION.asString())).isTrue();
    }

    @Test
    void anAddressAtTheProvedOnionUnderAnotherKeyShouldBeRefused() throws Exception {
        assertThat(allows("alice@" + OTHER_KEY.asString() + "." + ONION.asString())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"victim@legacy.example", "bob@" + OTHER_ONION, "alice@" + "sub." + OTHER_ONION,
        "alice@onion", "alice@not-an-onion.onion", "alice@pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion.example"})
    void anyOtherReversePathShouldBeRefused(String reversePath) throws Exception {
        assertThat(allows(reversePath)).isFalse();
    }

    @Test
    void theRuleShouldNameTheProvedOnion() {
        assertThat(RelayedMail.rule(SENDER)).isEqualTo("relayed mail must come from <> or from an address at "
            + ONION.asString() + ", the onion this connection proved");
    }
}
