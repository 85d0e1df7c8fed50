/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.jdkim.mailets.DKIMVerify;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.dkim.DkimKeys;

/**
 * The DKIM path of {@link RecordSmtorpAddress} with real signatures (jDKIM's signer, keys
 * served as DNS would) and James's own DKIMVerify run before it, as a James that verifies
 * DKIM has it: the records that end up in the store, for honest mail and for the forgeries of
 * issue 13.
 */
class RecordSmtorpAddressDkimTest {
    private static final String ONION = AnnouncedAddressesTest.ONION;
    private static final String ANNOUNCED = "alice@" + AnnouncedAddressesTest.FINGERPRINT + "." + ONION;
    private static final String BODY = "Reach me over Tor.\r\n";
    private static final DkimKeys KEYS = new DkimKeys();

    @TempDir
    Path james;

    private ServerIdentity identity;
    private AnnouncedAddresses store;
    private DKIMVerify dkimVerify;
    private RecordSmtorpAddress recorder;

    @BeforeEach
    void setUp() throws Exception {
        identity = ServerIdentity.create(james.resolve("identity"));
        store = AnnouncedAddresses.in(james.resolve("announced"));
        dkimVerify = new DKIMVerify(KEYS.retriever());
        dkimVerify.init(FakeMailetConfig.builder().mailetName("DKIMVerify").build());
        recorder = new RecordSmtorpAddress(TestMailets.workingDirectory(james), store,
            Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC),
            (socks, timeout, tlsMode, pins, helo) -> proved -> {
                throw new AssertionError("a DKIM-authenticated mail needs no onion check");
            }, KEYS.retriever(), TestMailets.node(james), identity);
        recorder.init(FakeMailetConfig.builder().mailetName("RecordSmtorpAddress")
            .mailetContext(TestMailets.withLocalUsers(Set.of())).build());
    }

    static String message(String from, String... moreFields) {
        StringBuilder message = new StringBuilder("From: ").append(from).append("\r\n")
            .append("To: bob@example.com\r\n")
            .append("Subject: hello\r\n");
        for (String field : moreFields) {
            message.append(field).append("\r\n");
        }
        return message.append("\r\n").append(BODY).toString();
    }

    private void receive(String message) throws Exception {
        Mail mail = FakeMail.builder().name("mail").sender("postmaster@example.com").recipient("bob@example.com")
            .mimeMessage(DkimKeys.parse(message)).build();
        dkimVerify.service(mail);
        recorder.service(mail);
    }

    @Test
    void aSignatureOfTheFromDomainCoveringTheHeaderShouldBeRecorded() throws Exception {
        receive(KEYS.signed(message("alice@victim.example", "SMTorP-Address: " + ANNOUNCED), "victim.example",
            "h=from:to:subject:smtorp-address"));

        assertThat(store.lookup(new MailAddress("alice@victim.example"))).hasValueSatisfying(entry -> {
            assertThat(entry.smtorpAddress().asString()).isEqualTo(ANNOUNCED);
            assertThat(entry.evidence()).isEqualTo("DKIM signature of victim.example verified, covering From and "
                + "SMTorP-Address");
        });
    }

    @Test
    void aSignatureOfTheFromDomainThatDoesNotCoverTheHeaderShouldNotBeRecorded() throws Exception {
        receive(KEYS.signed(message("alice@victim.example", "SMTorP-Address: " + ANNOUNCED), "victim.example",
            "h=from:to:subject"));

        assertThat(store.list()).isEmpty();
    }

    // Issue 13: the attacker signs validly as attacker.example with an i= that jDKIM decodes to
    // "x)(identity @victim.example)@attacker.example", so DKIMVerify's text reads as if
    // victim.example had passed, and adds a signature of victim.example that verifies nothing.
    @Test
    void aPassOfTheAttackersDomainDressedAsTheVictimsShouldNotBeRecorded() throws Exception {
        String mail = message("alice@victim.example", "SMTorP-Address: " + ANNOUNCED);
        String unverifiable = "DKIM-Signature: v=1; a=rsa-sha256; d=victim.example; s=x; h=from:smtorp-address; "
            + "bh=AA==; b=AA==";
        String attackers = KEYS.sign(unverifiable + "\r\n" + mail, "attacker.example",
            "i=x=29=28identity=20@victim.example=29@attacker.example; h=from:smtorp-address");

        receive(attackers + "\r\n" + unverifiable + "\r\n" + mail);

        assertThat(store.list()).isEmpty();
    }

    @Test
    void anUnverifiableSignatureOfTheFromDomainAloneShouldNotBeRecorded() throws Exception {
        receive("DKIM-Signature: v=1; a=rsa-sha256; d=victim.example; s=mail; h=from:smtorp-address; bh=AA==; b=AA==\r\n"
            + message("alice@victim.example", "SMTorP-Address: " + ANNOUNCED));

        assertThat(store.list()).isEmpty();
    }

    @Test
    void aSignatureOfAnotherDomainShouldNotBeRecorded() throws Exception {
        receive(KEYS.signed(message("alice@victim.example", "SMTorP-Address: " + ANNOUNCED), "mailer.example.net",
            "h=from:to:subject:smtorp-address"));

        assertThat(store.list()).isEmpty();
    }

    @Test
    void twoFromFieldsBothSignedShouldNotBeRecorded() throws Exception {
        receive(KEYS.signed(message("alice@victim.example", "From: carol@victim.example",
            "SMTorP-Address: " + ANNOUNCED), "victim.example", "h=from:from:to:subject:smtorp-address"));

        assertThat(store.list()).isEmpty();
    }

    // DKIM signs the bottom-most From when h= names it once; a From added above is unsigned.
    @Test
    void aFromAddedAboveTheSignedOneShouldNotBeRecorded() throws Exception {
        String signed = KEYS.signed(message("carol@victim.example", "SMTorP-Address: " + ANNOUNCED),
            "victim.example", "h=from:to:subject:smtorp-address");

        receive("From: alice@victim.example\r\n" + signed);

        assertThat(store.list()).isEmpty();
    }

    @Test
    void aSignatureWithABodyLengthLimitShouldNotBeRecorded() throws Exception {
        String signed = KEYS.signed(message("alice@victim.example", "SMTorP-Address: " + ANNOUNCED),
            "victim.example", "l=" + BODY.length() + "; h=from:to:subject:smtorp-address");

        receive(signed + "Anything an attacker appends.\r\n");

        assertThat(store.list()).isEmpty();
    }

    @Test
    void anSmtorpAddressAddedAfterSigningShouldNotBeRecorded() throws Exception {
        String signed = KEYS.signed(message("alice@victim.example"), "victim.example", "h=from:to:subject");

        receive("SMTorP-Address: " + ANNOUNCED + "\r\n" + signed);

        assertThat(store.list()).isEmpty();
    }

    @Test
    void anSmtorpAddressAddedAboveTheSignedOneShouldNotBeRecorded() throws Exception {
        String signed = KEYS.signed(message("alice@victim.example", "SMTorP-Address: alice@" + ONION),
            "victim.example", "h=from:to:subject:smtorp-address");

        receive("SMTorP-Address: " + ANNOUNCED + "\r\n" + signed);

        assertThat(store.list()).isEmpty();
    }

    // Issue 13: a tab in a signed From would add a fifth field to the store's line, and the
    // next start of James would refuse the file.
    @Test
    void aSignedFromWithATabShouldNeitherBeRecordedNorDamageTheStore() throws Exception {
        receive(KEYS.signed(message("alice@victim.example", "SMTorP-Address: " + ANNOUNCED), "victim.example",
            "h=from:to:subject:smtorp-address"));
        receive(KEYS.signed(message("\"a\tb\"@attacker.example", "SMTorP-Address: " + ANNOUNCED),
            "attacker.example", "h=from:to:subject:smtorp-address"));

        assertThat(store.list()).extracting(entry -> entry.address().asString())
            .containsExactly("alice@victim.example");
        assertThat(Files.readString(store.directory().resolve(AnnouncedAddresses.FILE))).doesNotContain("attacker");
        assertThat(AnnouncedAddresses.in(store.directory()).list()).hasSize(1);
    }
}
