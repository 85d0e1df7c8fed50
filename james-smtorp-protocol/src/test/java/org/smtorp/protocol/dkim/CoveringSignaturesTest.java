/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;

/** What a listed domain's verified signature must cover to exempt a message from payment. */
class CoveringSignaturesTest {
    private static final String PARTNER = "partner.example";
    private static final String MESSAGE = "From: bob@partner.example\r\nTo: alice@example.onion\r\n"
        + "Subject: hello\r\n\r\nHello.\r\n";
    private static final String SIGNED = "h=from:to:subject";
    private static final String OVERSIGNED = "h=from:from:to:to:subject:subject:reply-to";

    private final DkimKeys keys = new DkimKeys();
    private final DkimVerification verification = DkimVerification.exempting(
        ListedDomainKeys.of(keys.retriever(), Set.of(Domain.of(PARTNER))));

    private DkimResult.Kind verified(String message) throws Exception {
        return verification.verify(DkimKeys.parse(message)).kind();
    }

    @Test
    void aSignatureOfEachShownFieldShouldPass() throws Exception {
        assertThat(verified(keys.signed(MESSAGE, PARTNER, SIGNED))).isEqualTo(DkimResult.Kind.PASS);
    }

    @Test
    void anOversigningSignatureShouldPass() throws Exception {
        assertThat(verified(keys.signed(MESSAGE, PARTNER, OVERSIGNED))).isEqualTo(DkimResult.Kind.PASS);
    }

    @Test
    void opendkimsDefaultSignatureOfAPostfixMailShouldPass() throws Exception {
        // Debian's opendkim 2.11, as PostfixOnionSenderIT runs it: h=From:To:Subject:Date.
        String mail = "From: bob@partner.example\r\nTo: alice@example.onion\r\nSubject: hello\r\n"
            + "Message-Id: <1@partner.example>\r\nDate: Sun, 6 Dec 2026 20:47:44 +0000\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n";

        assertThat(verified(keys.signed(mail, PARTNER, "h=From:To:Subject:Date"))).isEqualTo(DkimResult.Kind.PASS);
    }

    @Test
    void aSecondContentTypeAboveASignedOneShouldExemptNothing() throws Exception {
        String mail = "From: bob@partner.example\r\nTo: alice@example.onion\r\nSubject: hello\r\n"
            + "Content-Type: text/plain\r\n\r\nHello.\r\n";
        String signed = keys.sign(mail, PARTNER, "h=from:to:subject:content-type");

        assertThat(verified(signed + "\r\nContent-Type: text/html\r\n" + mail)).isEqualTo(DkimResult.Kind.FAIL);
    }

    @Test
    void aFromAddedAboveTheSignedOneShouldExemptNothing() throws Exception {
        // jDKIM verifies the last From; a mail reader shows the first.
        String signed = keys.sign(MESSAGE, PARTNER, SIGNED);
        String replayed = signed + "\r\nFrom: ceo@bank.example\r\n" + MESSAGE;

        assertThat(verified(replayed)).isEqualTo(DkimResult.Kind.FAIL);
    }

    @Test
    void aSubjectAddedToAnOversignedMessageShouldNotVerify() throws Exception {
        String signed = keys.sign(MESSAGE, PARTNER, OVERSIGNED);

        assertThat(verified(signed + "\r\nSubject: urgent\r\n" + MESSAGE)).isEqualTo(DkimResult.Kind.FAIL);
    }

    @Test
    void anUnsignedReplyToShouldExemptNothing() throws Exception {
        String signed = keys.sign(MESSAGE, PARTNER, SIGNED);

        assertThat(verified(signed + "\r\nReply-To: thief@example.net\r\n" + MESSAGE))
            .isEqualTo(DkimResult.Kind.FAIL);
    }

    @Test
    void aSignatureOfPartOfTheBodyShouldExemptNothing() throws Exception {
        String signed = keys.sign(MESSAGE, PARTNER, SIGNED + "; l=8");

        assertThat(verified(signed + "\r\n" + MESSAGE + "Click here.\r\n")).isEqualTo(DkimResult.Kind.FAIL);
    }

    @Test
    void aSha1SignatureShouldExemptNothing() throws Exception {
        String signed = keys.sign(MESSAGE, PARTNER, DkimKeys.SELECTOR, "rsa-sha1", SIGNED);

        assertThat(verified(signed + "\r\n" + MESSAGE)).isEqualTo(DkimResult.Kind.FAIL);
    }

    @Test
    void aKeyInTestingModeShouldExemptNothing() throws Exception {
        keys.testing();

        assertThat(verified(keys.signed(MESSAGE, PARTNER, SIGNED))).isEqualTo(DkimResult.Kind.FAIL);
    }

    @Test
    void announcementsShouldStillPassWhatJdkimVerified() throws Exception {
        String signed = keys.sign(MESSAGE, PARTNER, SIGNED);

        assertThat(DkimVerification.with(keys.retriever()).verify(DkimKeys.parse(
            signed + "\r\nReply-To: thief@example.net\r\n" + MESSAGE)).kind()).isEqualTo(DkimResult.Kind.PASS);
    }
}
