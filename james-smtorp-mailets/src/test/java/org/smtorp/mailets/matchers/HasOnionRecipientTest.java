/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class HasOnionRecipientTest {
    static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    static final String FINGERPRINTED = "hvdfsmjdjhhgznrvgrtgidruoc6ecwwl7sb2l4h7qpgnfb6wzwwq." + ONION;

    private final HasOnionRecipient matcher = new HasOnionRecipient();

    @Test
    void matchShouldReturnOnlyTheOnionRecipients() throws Exception {
        FakeMail mail = FakeMail.builder().name("m")
            .recipients("bob@" + ONION, "carol@example.com", "dave@" + FINGERPRINTED).build();

        assertThat(matcher.match(mail))
            .containsExactlyInAnyOrder(new MailAddress("bob@" + ONION), new MailAddress("dave@" + FINGERPRINTED));
    }

    @Test
    void matchShouldReturnNothingForLegacyRecipientsOnly() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("carol@example.com", "eve@onion.example").build();

        assertThat(matcher.match(mail)).isEmpty();
    }

    @Test
    void isOnionShouldIgnoreCase() throws Exception {
        assertThat(HasOnionRecipient.isOnion(new MailAddress("bob@" + ONION.toUpperCase()))).isTrue();
    }

    @Test
    void isOnionShouldMatchAMalformedOnionSoItNeverGoesToDns() throws Exception {
        assertThat(HasOnionRecipient.isOnion(new MailAddress("bob@not-a-real-one.onion"))).isTrue();
    }
}
