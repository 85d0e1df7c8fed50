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
 * The data of an onionmx SRV record, {@code <priority> <weight> <port> <target>}, as a resolver
 * hands it over: the parser throws only {@link InvalidRecordException}, and a record it accepts
 * parses back from its zone-file text.
 */
class OnionMxRecordFuzzTest {
    @BeforeAll
    static void loadClassesOutsideTheTimedInvocations() {
        new OnionMxRecordFuzzTest().onionMxSrv(
            "10 0 25 pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion.".getBytes(UTF_8));
    }

    @ParserFuzzTarget
    void onionMxSrv(byte[] input) {
        String data = new String(input, UTF_8);
        OnionMxRecord record;
        try {
            record = OnionMxRecord.parse(data);
        } catch (InvalidRecordException e) {
            assertThat(e.reason()).isNotNull();
            return;
        }
        assertThat(OnionMxRecord.parse(record.asString())).isEqualTo(record);
    }
}
