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
            .hasMessage("the evidence has the control character U+0009 and can not be stored");
    }

    // Issue 13: James takes a tab in a quoted local part, and a DKIM-signed From may carry one.
    @Test
    void ofShouldRefuseAnAddressWithATabNamingNoLocalPart() throws Exception {
        MailAddress tabbed = new MailAddress("\"a\tb\"@attacker.example");

        assertThatThrownBy(() -> AnnouncedAddress.of(tabbed, SmtorpAddress.parse("alice@" + ONION), WHEN, "DKIM"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("the address has the control character U+0009 and can not be stored");
    }

    @Test
    void ofShouldRefuseAnAddressWithAnyControlCharacter() throws Exception {
        MailAddress escaped = new MailAddress("\"a\u001bb\"@attacker.example");

        assertThatThrownBy(() -> AnnouncedAddress.of(escaped, SmtorpAddress.parse("alice@" + ONION), WHEN, "DKIM"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("U+001B");
    }

    @Test
    void ofShouldRefuseBlankEvidence() {
        assertThatThrownBy(() -> AnnouncedAddress.of(new MailAddress("alice@example.org"),
            SmtorpAddress.parse("alice@" + ONION), WHEN, " "))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("the evidence is blank");
    }

    @Test
    void parseShouldRefuseALineWhoseAddressHoldsATab() {
        assertThatThrownBy(() -> AnnouncedAddress.parse("\"a\tb\"@attacker.example\talice@" + ONION
            + "\t2026-03-02T09:00:00Z\tDKIM"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("4 tab-separated fields");
    }

    @Test
    void parseShouldRefuseAControlCharacterInAnyField() {
        assertThatThrownBy(() -> AnnouncedAddress.parse("alice@example.org\talice@" + ONION
            + "\t2026-03-02T09:00:00Z\tDKIM\rpass"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("U+000D");
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
