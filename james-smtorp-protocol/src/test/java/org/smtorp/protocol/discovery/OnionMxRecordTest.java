/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.discovery.InvalidRecordException.Reason;

import nl.jqno.equalsverifier.EqualsVerifier;

class OnionMxRecordTest {
    static final String A = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    static final String B = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    static final String C = "25njqamcweflpvkl73j4szahhihoc4xt3ktcgjnpaingr5yhkenl5sid.onion";

    @Test
    void parseShouldReadTheZoneFileFields() {
        OnionMxRecord record = OnionMxRecord.parse("10 5 25 " + A + ".");

        assertThat(record).isEqualTo(OnionMxRecord.of(10, 5, 25, OnionAddress.parse(A)));
        assertThat(record.asString()).isEqualTo("10 5 25 " + A + ".");
    }

    @Test
    void parseShouldRejectATargetThatIsNoOnion() {
        assertThatThrownBy(() -> OnionMxRecord.parse("10 0 25 mail.example.org."))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TARGET))
            .hasMessageContaining("target is not an .onion name");
    }

    @Test
    void parseShouldRejectAV2Onion() {
        assertThatThrownBy(() -> OnionMxRecord.parse("10 0 25 expyuzz4wqqyqhjn.onion."))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TARGET))
            .hasMessageContaining("v2 onion addresses are not supported");
    }

    @Test
    void parseShouldRejectASubDomainOfAnOnion() {
        assertThatThrownBy(() -> OnionMxRecord.parse("10 0 25 mx." + A + "."))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TARGET));
    }

    @Test
    void parseShouldRejectPortZero() {
        assertThatThrownBy(() -> OnionMxRecord.parse("10 0 0 " + A + "."))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PORT));
    }

    @Test
    void parseShouldRejectMissingFields() {
        assertThatThrownBy(() -> OnionMxRecord.parse("10 25 " + A + "."))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX));
    }

    @Test
    void inTryOrderShouldPutLowerPrioritiesFirst() {
        OnionMxRecord backup = OnionMxRecord.parse("20 0 25 " + A);
        OnionMxRecord primary = OnionMxRecord.parse("10 0 25 " + B);

        assertThat(OnionMxRecord.inTryOrder(List.of(backup, primary), new Random(1))).containsExactly(primary, backup);
    }

    @Test
    void inTryOrderShouldDrawByWeightWithinAPriority() {
        OnionMxRecord heavy = OnionMxRecord.parse("10 90 25 " + A);
        OnionMxRecord light = OnionMxRecord.parse("10 10 25 " + B);
        OnionMxRecord zero = OnionMxRecord.parse("10 0 25 " + C);
        Random random = new Random(42);
        Map<OnionMxRecord, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            firsts.merge(OnionMxRecord.inTryOrder(List.of(light, zero, heavy), random).get(0), 1, Integer::sum);
        }

        assertThat(firsts.get(heavy)).isBetween(8_700, 9_300);
        assertThat(firsts.get(light)).isBetween(800, 1_200);
        assertThat(firsts.getOrDefault(zero, 0)).isBetween(50, 200);
    }

    @Test
    void inTryOrderShouldKeepEveryRecord() {
        List<OnionMxRecord> records = List.of(OnionMxRecord.parse("10 0 25 " + A), OnionMxRecord.parse("10 0 25 " + B),
            OnionMxRecord.parse("5 3 25 " + C));

        assertThat(OnionMxRecord.inTryOrder(records, new Random(7))).containsExactlyInAnyOrderElementsOf(records)
            .first().isEqualTo(records.get(2));
    }

    @Test
    void shouldRespectTheValueContract() {
        EqualsVerifier.forClass(OnionMxRecord.class).withNonnullFields("target").verify();
    }
}
