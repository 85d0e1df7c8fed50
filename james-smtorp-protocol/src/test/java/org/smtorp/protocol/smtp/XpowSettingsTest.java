/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.identity.OnionServiceKey;
import org.smtorp.protocol.sender.ProvedSender;

class XpowSettingsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private static final OnionServiceKey PARTNER = OnionServiceKey.generate(new SecureRandom());
    private static final Fingerprint PARTNER_KEY = Fingerprint.of(new byte[] {1, 2, 3});

    private static BaseHierarchicalConfiguration handler(String... keysAndValues) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@class]", XpowHandler.class.getName());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            configuration.addProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return configuration;
    }

    @Test
    void fromShouldShipTheDefaultsWithoutElements() throws Exception {
        XpowSettings settings = XpowSettings.from(handler(), CLOCK);

        assertThat(settings.difficulties()).isEqualTo("equihash=7 argon2id=7");
        assertThat(settings.maxFailedProofs()).isEqualTo(3);
        assertThat(settings.spentStampStore()).isEqualTo(Paths.get("var/smtorp/hashcash-spent"));
    }

    @Test
    void fromShouldApplyEachAlgorithmElementInOrder() throws Exception {
        XpowSettings settings = XpowSettings.from(handler(
            "algorithm", "argon2id=8",
            "algorithm", "equihash=off",
            "algorithm", "hashcash=20 deprecated=never",
            "algorithm", "argon2id=1"), CLOCK);

        assertThat(settings.difficulties()).isEqualTo("argon2id=1 hashcash=20");
    }

    @Test
    void fromShouldTurnOnTheLegacyAlgorithmsWithTheirDatedGrowth() throws Exception {
        XpowSettings settings = XpowSettings.from(handler(
            "algorithm", "sha256=27",
            "algorithm", "hashcash=24"), CLOCK);

        // hashcash was deprecated on 2026-06-01: 24 bits grow by one every 60 days.
        assertThat(settings.difficulties()).isEqualTo("equihash=7 argon2id=7 sha256=27 hashcash=27");
    }

    @Test
    void fromShouldReadMaxFailedProofsAndTheStorePath() throws Exception {
        XpowSettings settings = XpowSettings.from(handler(
            "maxFailedProofs", " 5 ",
            "spentStampStore", "/srv/james/spent"), CLOCK);

        assertThat(settings.maxFailedProofs()).isEqualTo(5);
        assertThat(settings.spentStampStore()).isEqualTo(Paths.get("/srv/james/spent"));
    }

    @Test
    void fromShouldRefuseABadAlgorithmLineNamingTheElementAndTheRule() {
        assertThatThrownBy(() -> XpowSettings.from(handler("algorithm", "sha256=x"), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith("XpowHandler: <algorithm>sha256=x</algorithm>: ")
            .hasMessageContaining("bits");
    }

    @Test
    void fromShouldRefuseAnUnknownAlgorithmNamingTheKnownOnes() {
        assertThatThrownBy(() -> XpowSettings.from(handler("algorithm", "scrypt=10"), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<algorithm>scrypt=10</algorithm>")
            .hasMessageContaining("known: equihash, argon2id, sha256, hashcash");
    }

    @Test
    void fromShouldRefuseEveryAlgorithmOff() {
        assertThatThrownBy(() -> XpowSettings.from(handler(
            "algorithm", "equihash=off", "algorithm", "argon2id=off"), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("every <algorithm> is off");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "03", "three", "", "2.5"})
    void fromShouldRefuseMaxFailedProofsOutsideOneToAHundred(String value) {
        assertThatThrownBy(() -> XpowSettings.from(handler("maxFailedProofs", value), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessage("XpowHandler: <maxFailedProofs>" + value
                + "</maxFailedProofs> must be a whole number from 1 to 100");
    }

    @Test
    void fromShouldRefuseAnEmptyStorePath() {
        assertThatThrownBy(() -> XpowSettings.from(handler("spentStampStore", " "), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<spentStampStore> </spentStampStore> must name a file");
    }

    @Test
    void fromShouldRefuseAnUnknownElement() {
        assertThatThrownBy(() -> XpowSettings.from(handler("maxFailedProof", "3"), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("XpowHandler")
            .hasMessageContaining("<maxFailedProof>")
            .hasMessageContaining("known: algorithm, exemptDkimDomain, exemptOnion, maxFailedProofs, maxUnpaidMessageSize, "
                + "maxUnpaidRecipients, spentStampStore");
    }

    @Test
    void fromShouldDefaultTheUnpaidLimits() throws Exception {
        XpowSettings settings = XpowSettings.from(handler("maxFailedProofs", "3"), CLOCK);

        assertThat(settings.maxUnpaidRecipients()).isEqualTo(5);
        assertThat(settings.maxUnpaidMessageBytes()).isEqualTo(1024L * 1024);
    }

    @Test
    void fromShouldReadTheUnpaidMessageSizeInKilobytes() throws Exception {
        assertThat(XpowSettings.from(handler("maxUnpaidMessageSize", "64"), CLOCK).maxUnpaidMessageBytes())
            .isEqualTo(64L * 1024);
    }

    @Test
    void fromShouldRefuseZeroUnpaidRecipients() {
        assertThatThrownBy(() -> XpowSettings.from(handler("maxUnpaidRecipients", "0"), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<maxUnpaidRecipients>0</maxUnpaidRecipients> must be a whole number from 1 to 100");
    }

    @Test
    void fromShouldExemptNobodyWithoutExemptElements() throws Exception {
        SenderExemptions exemptions = XpowSettings.from(handler(), CLOCK).exemptions();

        assertThat(exemptions.checksDkim()).isFalse();
        assertThat(exemptions.partner(ProvedSender.of(PARTNER.onion(), PARTNER_KEY))).isEmpty();
    }

    @Test
    void fromShouldReadEachExemptOnionAndDkimDomain() throws Exception {
        SenderExemptions exemptions = XpowSettings.from(handler(
            "exemptOnion", PARTNER_KEY.abbreviate(Fingerprint.MIN_BITS).asString() + "." + PARTNER.onion().asString(),
            "exemptDkimDomain", "partner.example",
            "exemptDkimDomain", "other.example"), CLOCK).exemptions();

        assertThat(exemptions.partner(ProvedSender.of(PARTNER.onion(), PARTNER_KEY))).isPresent();
        assertThat(exemptions.checksDkim()).isTrue();
        assertThat(exemptions.toString()).contains("other.example", "partner.example");
    }

    @Test
    void fromShouldReadAnExemptDkimDomainWrittenWithItsFinalDot() throws Exception {
        SenderExemptions exemptions = XpowSettings.from(handler("exemptDkimDomain", "Partner.Example."), CLOCK)
            .exemptions();

        assertThat(exemptions.dkimDomains()).containsExactly(Domain.of("partner.example"));
    }

    private static XMLConfiguration xml(String handler) throws Exception {
        XMLConfiguration configuration = new XMLConfiguration();
        new FileHandler(configuration).load(new StringReader(handler));
        return configuration;
    }

    @Test
    void fromShouldReadTheSelectorsOfExemptDkimDomains() throws Exception {
        SenderExemptions exemptions = XpowSettings.from(xml("<handler class=\"" + XpowHandler.class.getName() + "\">"
            + "<exemptDkimDomain selector=\"Mail\">partner.example</exemptDkimDomain>"
            + "<exemptDkimDomain selector=\"ed.2026\">partner.example</exemptDkimDomain>"
            + "<exemptDkimDomain>other.example</exemptDkimDomain>"
            + "<exemptDkimDomain selector=\"s1\">third.example</exemptDkimDomain>"
            + "<exemptDkimDomain>third.example</exemptDkimDomain>"
            + "</handler>"), CLOCK).exemptions();

        assertThat(exemptions.dkimSelectors())
            .isEqualTo(Map.of(Domain.of("partner.example"), Set.of("mail", "ed.2026")));
        assertThat(exemptions.dkimDomains()).containsExactlyInAnyOrder(Domain.of("partner.example"),
            Domain.of("other.example"), Domain.of("third.example"));
    }

    @Test
    void fromShouldRefuseASelectorThatIsNoDnsName() throws Exception {
        XMLConfiguration handler = xml("<handler class=\"" + XpowHandler.class.getName() + "\">"
            + "<exemptDkimDomain selector=\"a b\">partner.example</exemptDkimDomain></handler>");

        assertThatThrownBy(() -> XpowSettings.from(handler, CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<exemptDkimDomain selector=\"a b\"> is not a DKIM selector");
    }

    @Test
    void fromShouldRefuseAnExemptOnionWithoutTheKeysFingerprint() {
        assertThatThrownBy(() -> XpowSettings.from(handler("exemptOnion", PARTNER.onion().asString()), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<exemptOnion>" + PARTNER.onion().asString() + "</exemptOnion> must name the"
                + " partner's key too: <fingerprint>.<onion>.onion");
    }

    @Test
    void fromShouldRefuseAnExemptOnionThatIsNoOnion() {
        assertThatThrownBy(() -> XpowSettings.from(handler("exemptOnion", "partner.example"), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<exemptOnion>partner.example</exemptOnion> is not <fingerprint>.<onion>.onion");
    }

    @Test
    void fromShouldRefuseAnOnionAsExemptDkimDomain() {
        assertThatThrownBy(() -> XpowSettings.from(handler("exemptDkimDomain", "partner.onion"), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<exemptDkimDomain>partner.onion</exemptDkimDomain> is an onion");
    }

    @Test
    void fromShouldRefuseAnEmptyExemptDkimDomain() {
        assertThatThrownBy(() -> XpowSettings.from(handler("exemptDkimDomain", " "), CLOCK))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<exemptDkimDomain> </exemptDkimDomain> is not a domain");
    }
}
