/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class HasMixedRecipientsTest {
    private final HasMixedRecipients matcher = new HasMixedRecipients();

    @Test
    void matchShouldReturnAllRecipientsWhenOnionAndLegacyMix() throws Exception {
        FakeMail mail = FakeMail.builder().name("m")
            .recipients("bob@" + HasOnionRecipientTest.ONION, "carol@example.com").build();

        assertThat(matcher.match(mail)).containsExactlyInAnyOrder(
            new MailAddress("bob@" + HasOnionRecipientTest.ONION), new MailAddress("carol@example.com"));
    }

    @Test
    void matchShouldReturnNothingForOnionRecipientsOnly() throws Exception {
        FakeMail mail = FakeMail.builder().name("m")
            .recipients("bob@" + HasOnionRecipientTest.ONION, "dave@" + HasOnionRecipientTest.FINGERPRINTED).build();

        assertThat(matcher.match(mail)).isEmpty();
    }

    @Test
    void matchShouldReturnNothingForLegacyRecipientsOnly() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("carol@example.com", "eve@example.org").build();

        assertThat(matcher.match(mail)).isEmpty();
    }
}
