/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtorp.mailets.announce.AnnouncedAddressesTest.ONION;

import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.SmtorpAddress;

import nl.jqno.equalsverifier.EqualsVerifier;

class AnnouncedAddressTest {
    private static final Instant WHEN = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void parseShouldReadAsString() throws Exception {
        AnnouncedAddress entry = AnnouncedAddress.of(new MailAddress("alice@example.org"),
            SmtorpAddress.parse("alice@" + ONION), WHEN, "DKIM pass for example.org");

        assertThat(AnnouncedAddress.parse(entry.asString())).isEqualTo(entry);
    }

    @Test
    void ofShouldRefuseEvidenceWithATab() {
        assertThatThrownBy(() -> AnnouncedAddress.of(new MailAddress("alice@example.org"),
            SmtorpAddress.parse("alice@" + ONION), WHEN, "a\tb"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("one line");
    }

    @Test
    void parseShouldNameABadInstant() {
        assertThatThrownBy(() -> AnnouncedAddress.parse("alice@example.org\talice@" + ONION + "\tyesterday\tDKIM"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("recorded at \"yesterday\"");
    }

    @Test
    void parseShouldCountTheFields() {
        assertThatThrownBy(() -> AnnouncedAddress.parse("alice@example.org\talice@" + ONION))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("4 tab-separated fields");
    }

    @Test
    void toStringShouldNameNoLocalPart() throws Exception {
        AnnouncedAddress entry = AnnouncedAddress.of(new MailAddress("alice@example.org"),
            SmtorpAddress.parse("alice@" + ONION), WHEN, "DKIM pass for example.org");

        assertThat(entry.toString()).doesNotContain("alice");
    }

    @Test
    void shouldRespectEqualsContract() {
        EqualsVerifier.forClass(AnnouncedAddress.class)
            .withNonnullFields("address", "smtorpAddress", "recordedAt", "evidence").verify();
    }
}
