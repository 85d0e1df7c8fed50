/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.smtorp.protocol.fuzz.ParserFuzzTarget;

/**
 * The text of a TXT record at {@code _smtorp.<domain>}, as a resolver hands it over (strings
 * joined): telling ours from others never throws, the parser throws only
 * {@link InvalidRecordException}, and a record it accepts parses back from its canonical text.
 */
class SmtorpRecordFuzzTest {
    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new SmtorpRecordFuzzTest().smtorpTxt(("v=smtorp1; onion=pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd"
            + ".onion; fp=mfrggzdfmztwq2lk; port=2525").getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void smtorpTxt(byte[] input) {
        String text = new String(input, UTF_8);
        SmtorpRecord.isSmtorp(text);
        SmtorpRecord record;
        try {
            record = SmtorpRecord.parse(text);
        } catch (InvalidRecordException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(SmtorpRecord.parse(record.asString())).isEqualTo(record);
        assertThat(SmtorpRecord.isSmtorp(record.asString())).isTrue();
    }
}
