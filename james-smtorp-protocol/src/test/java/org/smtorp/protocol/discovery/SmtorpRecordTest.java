/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.discovery.InvalidRecordException.Reason;

import nl.jqno.equalsverifier.EqualsVerifier;

class SmtorpRecordTest {
    static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    static final String FP = "xj4bnp4pahh6uqkbidpf3lrceoyagyndsylxvhfucd7wd4qacwwq";
    static final String RECORD = "v=smtorp1; onion=" + ONION + "; fp=" + FP;

    @Test
    void parseShouldReadTheOnionAndTheFingerprint() {
        SmtorpRecord record = SmtorpRecord.parse(RECORD);

        assertThat(record.onion()).isEqualTo(OnionAddress.parse(ONION));
        assertThat(record.fingerprint()).isEqualTo(Fingerprint.parse(FP));
        assertThat(record.port()).isEmpty();
    }

    @Test
    void parseShouldReadThePort() {
        assertThat(SmtorpRecord.parse(RECORD + "; port=2525").port()).contains(2525);
    }

    @Test
    void parseShouldAcceptSpacesAndATrailingSemicolon() {
        assertThat(SmtorpRecord.parse("v=smtorp1 ;onion = " + ONION.toUpperCase() + " ;fp=" + FP + ";"))
            .isEqualTo(SmtorpRecord.parse(RECORD));
    }

    @Test
    void parseShouldAcceptAnAbbreviatedFingerprint() {
        assertThat(SmtorpRecord.parse("v=smtorp1; onion=" + ONION + "; fp=" + FP.substring(0, 16)).fingerprint().bits())
            .isEqualTo(80);
    }

    @Test
    void asStringShouldParseBack() {
        SmtorpRecord record = SmtorpRecord.of(OnionAddress.parse(ONION), Fingerprint.parse(FP)).withPort(2525);

        assertThat(SmtorpRecord.parse(record.asString())).isEqualTo(record);
        assertThat(record.asString()).isEqualTo(RECORD + "; port=2525");
    }

    @Test
    void parseShouldRejectAnUnknownVersion() {
        assertThatThrownBy(() -> SmtorpRecord.parse("v=smtorp2; onion=" + ONION + "; fp=" + FP))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
            .hasMessageContaining("unknown version 'smtorp2'");
    }

    @Test
    void parseShouldRejectARecordNotStartingWithTheVersion() {
        assertThatThrownBy(() -> SmtorpRecord.parse("onion=" + ONION + "; v=smtorp1; fp=" + FP))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
            .hasMessageContaining("must start with v=smtorp1");
    }

    @Test
    void parseShouldRejectAMissingOnion() {
        assertThatThrownBy(() -> SmtorpRecord.parse("v=smtorp1; fp=" + FP))
            .isInstanceOfSatisfying(InvalidRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_TAG))
            .hasMessageContaining("tag 'onion' is missing");
    }

    @Test
    void parseShouldRejectAMissingFingerprint() {
        assertThatThrownBy(() -> SmtorpRecord.parse("v=smtorp1; onion=" + ONION))
            .isInstanceOfSatisfying(InvalidRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_TAG))
            .hasMessageContaining("tag 'fp' is missing");
    }

    @Test
    void parseShouldRejectADuplicateTag() {
        assertThatThrownBy(() -> SmtorpRecord.parse(RECORD + "; fp=" + FP))
            .isInstanceOfSatisfying(InvalidRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_TAG))
            .hasMessageContaining("tag 'fp' appears twice");
    }

    @Test
    void parseShouldRejectAnUnknownTag() {
        assertThatThrownBy(() -> SmtorpRecord.parse(RECORD + "; relay=yes"))
            .isInstanceOfSatisfying(InvalidRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_TAG))
            .hasMessageContaining("unknown tag 'relay'");
    }

    @Test
    void parseShouldRejectABadFingerprintNamingTheRule() {
        assertThatThrownBy(() -> SmtorpRecord.parse("v=smtorp1; onion=" + ONION + "; fp=abc"))
            .isInstanceOfSatisfying(InvalidRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.FINGERPRINT))
            .hasMessageContaining("fp is invalid (fingerprint has 3 characters, at least 16 are required)");
    }

    @Test
    void parseShouldRejectAnOnionWithABadChecksum() {
        String bad = ONION.substring(0, 10) + "a" + ONION.substring(11);

        assertThatThrownBy(() -> SmtorpRecord.parse("v=smtorp1; onion=" + bad + "; fp=" + FP))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ONION))
            .hasMessageContaining("onion is invalid (checksum mismatch)");
    }

    @Test
    void parseShouldRejectAnOnionWithoutItsSuffix() {
        assertThatThrownBy(() -> SmtorpRecord.parse("v=smtorp1; onion=" + ONION.replace(".onion", "") + "; fp=" + FP))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ONION))
            .hasMessageContaining("must end in .onion");
    }

    @Test
    void parseShouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> SmtorpRecord.parse(RECORD + "; port=65536"))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PORT))
            .hasMessageContaining("port '65536' is not a number from 1 to 65535");
    }

    @Test
    void parseShouldRejectAPartWithoutEquals() {
        assertThatThrownBy(() -> SmtorpRecord.parse(RECORD + "; port"))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX))
            .hasMessageContaining("'port' is not tag=value");
    }

    @Test
    void parseShouldRejectAnEmptyPart() {
        assertThatThrownBy(() -> SmtorpRecord.parse("v=smtorp1;; onion=" + ONION + "; fp=" + FP))
            .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SYNTAX))
            .hasMessageContaining("empty tag at position 2");
    }

    @Test
    void isSmtorpShouldTellOurRecordsFromOthers() {
        assertThat(SmtorpRecord.isSmtorp(RECORD)).isTrue();
        assertThat(SmtorpRecord.isSmtorp("v=smtorp2; x=y")).isTrue();
        assertThat(SmtorpRecord.isSmtorp("v=spf1 -all")).isFalse();
    }

    @Test
    void shouldRespectTheValueContract() {
        EqualsVerifier.forClass(SmtorpRecord.class).withNonnullFields("onion", "fingerprint", "port").verify();
        assertThat(SmtorpRecord.parse(RECORD).port()).isEqualTo(Optional.empty());
    }
}
