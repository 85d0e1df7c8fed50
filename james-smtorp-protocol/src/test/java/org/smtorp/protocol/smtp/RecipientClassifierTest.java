/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.smtp.RecipientVerdict.Reason;

class RecipientClassifierTest {
    private static final OnionAddress OURS =
        OnionAddress.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final OnionAddress OTHER_ONION =
        OnionAddress.parse("sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion");
    private static final Fingerprint FINGERPRINT = Fingerprint.of("our key".getBytes(StandardCharsets.US_ASCII));
    private static final Fingerprint OTHER_FINGERPRINT =
        Fingerprint.of("another key".getBytes(StandardCharsets.US_ASCII));
    private static final String ONION = OURS.asString();
    private static final String LOCAL = "local.test";

    private final RecipientClassifier classifier = new RecipientClassifier(OURS, FINGERPRINT,
        Set.of(Domain.of(LOCAL), Domain.of(ONION))::contains);

    private static String withFingerprint(Fingerprint fingerprint) {
        return fingerprint.asString() + "." + ONION;
    }

    @Test
    void classifyShouldAcceptOurOnion() {
        assertThat(classifier.classify("<alice@" + ONION + ">")).isEqualTo(RecipientVerdict.accept());
    }

    @Test
    void classifyShouldAcceptOurOnionInUpperCase() {
        assertThat(classifier.classify("<alice@" + ONION.toUpperCase(Locale.ROOT) + ">"))
            .isEqualTo(RecipientVerdict.accept());
    }

    @Test
    void classifyShouldAcceptOurOnionWhenNotInTheDomainList() {
        RecipientClassifier withoutDomainList = new RecipientClassifier(OURS, FINGERPRINT, domain -> false);

        assertThat(withoutDomainList.classify("<alice@" + ONION + ">")).isEqualTo(RecipientVerdict.accept());
    }

    @Test
    void classifyShouldDeliverOurFullFingerprintToTheBareOnion() {
        assertThat(classifier.classify("<alice@" + withFingerprint(FINGERPRINT) + ">"))
            .isEqualTo(RecipientVerdict.acceptAt(Domain.of(ONION)));
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 81, 128, 255})
    void classifyShouldDeliverAnAbbreviatedFingerprintToTheBareOnion(int bits) {
        assertThat(classifier.classify("<alice@" + withFingerprint(FINGERPRINT.abbreviate(bits)) + ">"))
            .isEqualTo(RecipientVerdict.acceptAt(Domain.of(ONION)));
    }

    @Test
    void classifyShouldAcceptOurFingerprintInUpperCase() {
        String address = "<alice@" + withFingerprint(FINGERPRINT).toUpperCase(Locale.ROOT) + ">";

        assertThat(classifier.classify(address)).isEqualTo(RecipientVerdict.acceptAt(Domain.of(ONION)));
    }

    @Test
    void classifyShouldAcceptJamesLocalDomains() {
        assertThat(classifier.classify("<alice@" + LOCAL + ">")).isEqualTo(RecipientVerdict.accept());
    }

    @Test
    void classifyShouldAcceptABarePostmaster() {
        assertThat(classifier.classify("<Postmaster>")).isEqualTo(RecipientVerdict.accept());
    }

    @Test
    void classifyShouldAcceptAQuotedLocalPartWithoutTricks() {
        assertThat(classifier.classify("<\"alice smith\"@" + ONION + ">")).isEqualTo(RecipientVerdict.accept());
    }

    @Test
    void classifyShouldIgnoreParametersAfterThePath() {
        assertThat(classifier.classify(" <alice@" + ONION + "> NOTIFY=NEVER")).isEqualTo(RecipientVerdict.accept());
    }

    @Test
    void classifyShouldAcceptAPathWithoutBrackets() {
        assertThat(classifier.classify("alice@" + ONION)).isEqualTo(RecipientVerdict.accept());
    }

    @Test
    void classifyShouldRefuseWhenForeignDomain() {
        assertThat(classifier.classify("<bob@example.com>"))
            .isEqualTo(RecipientVerdict.refuse(Reason.FOREIGN_DOMAIN, "example.com"));
    }

    @Test
    void classifyShouldRefuseWhenForeignDomainInUpperCase() {
        assertThat(classifier.classify("<bob@EXAMPLE.COM>"))
            .isEqualTo(RecipientVerdict.refuse(Reason.FOREIGN_DOMAIN, "example.com"));
    }

    @Test
    void classifyShouldRefuseWhenForeignDomainWithTrailingDot() {
        assertThat(classifier.classify("<bob@example.com.>"))
            .isEqualTo(RecipientVerdict.refuse(Reason.TRAILING_DOT, "example.com."));
    }

    @Test
    void classifyShouldRefuseWhenLocalDomainWithTrailingDot() {
        assertThat(classifier.classify("<alice@" + ONION + ".>").refusal()).contains(Reason.TRAILING_DOT);
    }

    @Test
    void classifyShouldRefuseWhenAnotherOnion() {
        assertThat(classifier.classify("<bob@" + OTHER_ONION.asString() + ">").refusal())
            .contains(Reason.FOREIGN_ONION);
    }

    @Test
    void classifyShouldRefuseWhenAnotherOnionWithOurFingerprint() {
        String domain = FINGERPRINT.asString() + "." + OTHER_ONION.asString();

        assertThat(classifier.classify("<bob@" + domain + ">").refusal()).contains(Reason.FOREIGN_ONION);
    }

    @Test
    void classifyShouldRefuseAMalformedOnionAsAForeignDomain() {
        // One character off: the checksum fails, so no relay may ever take it.
        String domain = OTHER_ONION.asString().replaceFirst("^.", "a").equals(OTHER_ONION.asString())
            ? OTHER_ONION.asString().replaceFirst("^.", "b") : OTHER_ONION.asString().replaceFirst("^.", "a");

        assertThat(classifier.classify("<bob@" + domain + ">").refusal()).contains(Reason.FOREIGN_DOMAIN);
    }

    @Test
    void classifyShouldRefuseWhenPercentHack() {
        assertThat(classifier.classify("<bob%example.com@" + ONION + ">").refusal()).contains(Reason.PERCENT_HACK);
    }

    @Test
    void classifyShouldRefuseWhenSourceRoute() {
        assertThat(classifier.classify("<@" + ONION + ":bob@example.com>").refusal())
            .contains(Reason.SOURCE_ROUTE);
    }

    @Test
    void classifyShouldRefuseWhenSourceRouteEndsHere() {
        assertThat(classifier.classify("<@example.com,@relay.test:alice@" + ONION + ">").refusal())
            .contains(Reason.SOURCE_ROUTE);
    }

    @Test
    void classifyShouldRefuseWhenQuotedLocalPartHoldsAt() {
        assertThat(classifier.classify("<\"bob@example.com\"@" + ONION + ">").refusal())
            .contains(Reason.QUOTED_LOCAL_PART);
    }

    @Test
    void classifyShouldRefuseWhenQuotedLocalPartHoldsPercent() {
        assertThat(classifier.classify("<\"bob%example.com\"@" + ONION + ">").refusal())
            .contains(Reason.QUOTED_LOCAL_PART);
    }

    @Test
    void classifyShouldRefuseWhenQuotedLocalPartHoldsAnEscapedQuoteAndAt() {
        assertThat(classifier.classify("<\"a\\\"b@example.com\"@" + ONION + ">").refusal())
            .contains(Reason.QUOTED_LOCAL_PART);
    }

    @Test
    void classifyShouldRefuseWhenBangPath() {
        assertThat(classifier.classify("<example.com!bob@" + ONION + ">").refusal()).contains(Reason.BANG_PATH);
    }

    @Test
    void classifyShouldRefuseWhenQuotedBangPath() {
        assertThat(classifier.classify("<\"example.com!bob\"@" + ONION + ">").refusal())
            .contains(Reason.BANG_PATH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[127.0.0.1]", "[IPv6:::1]", "[192.0.2.1]"})
    void classifyShouldRefuseWhenAddressLiteral(String literal) {
        assertThat(classifier.classify("<bob@" + literal + ">").refusal()).contains(Reason.ADDRESS_LITERAL);
    }

    @Test
    void classifyShouldRefuseWhenBareIpAddress() {
        assertThat(classifier.classify("<bob@127.0.0.1>").refusal()).contains(Reason.ADDRESS_LITERAL);
    }

    @Test
    void classifyShouldRefuseWhenTopLabelStartsWithADigit() {
        assertThat(classifier.classify("<bob@example.1com>").refusal()).contains(Reason.SYNTAX);
    }

    @Test
    void classifyShouldRefuseWhenDomainIsLongerThan253Characters() {
        String domain = ("a".repeat(62) + ".").repeat(4).substring(0, 250) + ".com";

        assertThat(classifier.classify("<bob@" + domain + ">").refusal()).contains(Reason.SYNTAX);
    }

    @Test
    void classifyShouldRefuseWhenFingerprintIsNotOurs() {
        assertThat(classifier.classify("<alice@" + withFingerprint(OTHER_FINGERPRINT) + ">").refusal())
            .contains(Reason.FOREIGN_FINGERPRINT);
    }

    @Test
    void classifyShouldRefuseWhenFingerprintIsTooShort() {
        String tooShort = FINGERPRINT.asString().substring(0, Fingerprint.MIN_LENGTH - 1);

        assertThat(classifier.classify("<alice@" + tooShort + "." + ONION + ">").refusal())
            .contains(Reason.FOREIGN_FINGERPRINT);
    }

    @Test
    void classifyShouldRefuseWhenFingerprintLabelIsNotBase32() {
        assertThat(classifier.classify("<alice@mail-exchange-server." + ONION + ">").refusal())
            .contains(Reason.FOREIGN_FINGERPRINT);
    }

    @Test
    void classifyShouldRefuseWhenOurFingerprintHasALabelInFront() {
        String domain = "example." + withFingerprint(FINGERPRINT);

        assertThat(classifier.classify("<alice@" + domain + ">").refusal()).contains(Reason.FOREIGN_FINGERPRINT);
    }

    @Test
    void classifyShouldRefuseWhenOurFingerprintIsExtended() {
        String longer = FINGERPRINT.abbreviate(200).asString() + "b";

        assertThat(classifier.classify("<alice@" + longer + "." + ONION + ">").refusal())
            .contains(Reason.FOREIGN_FINGERPRINT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<>", "<alice@>", "<alice@example..com>", "<alice@exa_mple.com>",
        "<alice@-example.com>", "<alice@example.com", "<.alice@example.com>", "<al ice@example.com>",
        "<\"alice@example.com>", "<alice@a@example.com>", "<bob>"})
    void classifyShouldRefuseWhenSyntaxIsWrong(String path) {
        assertThat(classifier.classify(path).refusal()).contains(Reason.SYNTAX);
    }

    @Test
    void classifyShouldRefuseWhenLocalPartIsTooLong() {
        assertThat(classifier.classify("<" + "a".repeat(65) + "@" + ONION + ">").refusal()).contains(Reason.SYNTAX);
    }

    @Test
    void constructorShouldRefuseAnAbbreviatedFingerprintOfOurOwn() {
        assertThatThrownBy(() -> new RecipientClassifier(OURS, FINGERPRINT.abbreviate(80), domain -> false))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("full");
    }
}
