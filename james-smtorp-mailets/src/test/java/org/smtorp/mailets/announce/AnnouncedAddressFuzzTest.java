/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.smtorp.mailets.fuzz.ParserFuzzTarget;

/**
 * A line of the announced-address store ({@code announced.tsv}): its fields came from mail that
 * strangers sent, so a line can hold anything they got recorded. The parser throws only
 * {@link IllegalArgumentException} (which loading turns into a skipped line or a refused file,
 * never a crash), and an entry it accepts is written back as a line that reads as the same entry.
 */
class AnnouncedAddressFuzzTest {
    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new AnnouncedAddressFuzzTest().storeLine(("alice@example.org\talice@mfrggzdfmztwq2lk."
            + "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion\t2026-03-02T09:00:00Z\tDKIM pass")
            .getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void storeLine(byte[] input) {
        String line = new String(input, UTF_8);
        AnnouncedAddress entry;
        try {
            entry = AnnouncedAddress.parse(line);
        } catch (IllegalArgumentException e) {
            return;
        }
        assertThat(AnnouncedAddress.parse(entry.asString())).isEqualTo(entry);
    }
}
