/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.guards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailContext.SentMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class MixedRecipientGuardTest {
    private static final String BOB_ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    private static final String DAVE_ONION = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    private static final String BOB = "bob@" + BOB_ONION;
    private static final String DAVE = "dave@" + DAVE_ONION;
    private static final String CAROL = "carol@example.com";
    private static final String ERIN = "erin@example.net";

    private final FakeMailContext context = FakeMailContext.defaultContext();

    private MixedRecipientGuard splitting() throws MessagingException {
        MixedRecipientGuard guard = new MixedRecipientGuard();
        guard.init(FakeMailetConfig.builder().mailetName("MixedRecipientGuard").mailetContext(context)
            .setProperty(MixedRecipientGuard.ACTION, "split").setProperty(MixedRecipientGuard.LEGACY_PROCESSOR,
                "legacy").setProperty(MixedRecipientGuard.ONION_PROCESSOR, "onion").build());
        return guard;
    }

    private static Mail mail(String... headers) throws MessagingException {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("body")
            .addHeader("From", "alice@example.org");
        for (int i = 0; i < headers.length; i += 2) {
            message.addHeader(headers[i], headers[i + 1]);
        }
        return FakeMail.builder().name("mail").sender("alice@example.org").recipients(BOB, CAROL, DAVE, ERIN)
            .mimeMessage(message).build();
    }

    private MimeMessage copySentTo(String processor) {
        List<SentMail> sent = context.getSentMails();
        return sent.stream().filter(mail -> mail.getState().equals(processor)).findFirst()
            .orElseThrow(() -> new AssertionError("no copy sent to " + processor + ": " + sent)).getMsg();
    }

    private MimeMessage legacyCopyOf(Mail mail) throws MessagingException {
        splitting().service(mail);
        return copySentTo("legacy");
    }

    private static Optional<String> header(MimeMessage message, String name) throws MessagingException {
        return Optional.ofNullable(message.getHeader(name, ","));
    }

    @Test
    void splitShouldSendEachRecipientOneCopyAndGhostTheOriginal() throws Exception {
        Mail mail = mail("To", BOB + ", " + CAROL);

        splitting().service(mail);

        assertThat(context.getSentMails()).extracting(SentMail::getState, SentMail::getRecipients)
            .containsExactlyInAnyOrder(
                tuple("onion", List.of(new MailAddress(BOB), new MailAddress(DAVE))),
                tuple("legacy", List.of(new MailAddress(CAROL), new MailAddress(ERIN))));
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void splitShouldHideOnionAddressesFromTheLegacyCopysToAndCcKeepingDisplayNames() throws Exception {
        MimeMessage legacy = legacyCopyOf(mail("To", "\"Bob\" <" + BOB + ">, \"Carol C.\" <" + CAROL + ">",
            "Cc", DAVE + ", Erin <" + ERIN + ">"));

        assertThat(header(legacy, "To")).contains("\"Carol C.\" <" + CAROL + ">");
        assertThat(header(legacy, "Cc")).contains("Erin <" + ERIN + ">");
    }

    @Test
    void splitShouldHideOnionMembersOfAGroupFromTheLegacyCopy() throws Exception {
        MimeMessage legacy = legacyCopyOf(mail("To", "friends: " + BOB + ", " + CAROL + ";"));

        assertThat(header(legacy, "To")).contains("friends:" + CAROL + ";");
    }

    @Test
    void splitShouldDropAGroupOfOnlyOnionsFromTheLegacyCopy() throws Exception {
        MimeMessage legacy = legacyCopyOf(mail("To", "tor friends: " + BOB + ", " + DAVE + ";, " + CAROL));

        assertThat(header(legacy, "To")).contains(CAROL);
    }

    @Test
    void splitShouldRemoveAHeaderLeftEmptyFromTheLegacyCopy() throws Exception {
        MimeMessage legacy = legacyCopyOf(mail("To", CAROL, "Cc", "Bob <" + BOB + ">", "Bcc", DAVE));

        assertThat(header(legacy, "Cc")).isEmpty();
        assertThat(header(legacy, "Bcc")).isEmpty();
    }

    @Test
    void splitShouldAddressTheLegacyCopyToUndisclosedRecipientsWhenNoToNorCcIsLeft() throws Exception {
        MimeMessage legacy = legacyCopyOf(mail("To", BOB, "Cc", DAVE, "Bcc", CAROL + ", " + ERIN));

        assertThat(header(legacy, "To")).contains("undisclosed-recipients:;");
        assertThat(header(legacy, "Cc")).isEmpty();
        assertThat(header(legacy, "Bcc")).contains(CAROL + ", " + ERIN);
    }

    @Test
    void splitShouldHideOnionAddressesFromTheLegacyCopysReplyHeaders() throws Exception {
        MimeMessage legacy = legacyCopyOf(mail("To", CAROL, "Reply-To", "alice@example.org, " + BOB,
            "Mail-Followup-To", BOB + ", " + CAROL + ", " + DAVE, "Mail-Reply-To", "alice@" + DAVE_ONION));

        assertThat(header(legacy, "Reply-To")).contains("alice@example.org");
        assertThat(header(legacy, "Mail-Followup-To")).contains(CAROL);
        assertThat(header(legacy, "Mail-Reply-To")).isEmpty();
    }

    @Test
    void splitShouldHideAnAddressItCannotTellIsNoOnionFromTheLegacyCopy() throws Exception {
        MimeMessage legacy = legacyCopyOf(mail("To", CAROL + ", " + BOB + ", bob-without-domain"));

        assertThat(header(legacy, "To")).contains(CAROL);
    }

    @Test
    void splitShouldLeaveALegacyCopysHeaderWithoutOnionsAsWritten() throws Exception {
        String written = "\"Carol\"   <" + CAROL + ">,\r\n\t" + ERIN;

        MimeMessage legacy = legacyCopyOf(mail("To", BOB, "Cc", written));

        assertThat(legacy.getHeader("Cc")).containsExactly(written);
    }

    @Test
    void splitShouldKeepTheOnionCopysHeadersAsWritten() throws Exception {
        String to = "\"Bob\" <" + BOB + ">, " + CAROL;
        String cc = "friends: " + DAVE + ", " + ERIN + ";";

        splitting().service(mail("To", to, "Cc", cc, "Reply-To", "alice@" + DAVE_ONION));

        MimeMessage onion = copySentTo("onion");
        assertThat(onion.getHeader("To")).containsExactly(to);
        assertThat(onion.getHeader("Cc")).containsExactly(cc);
        assertThat(onion.getHeader("Reply-To")).containsExactly("alice@" + DAVE_ONION);
    }

    @Test
    void splitShouldKeepTheMessageIdOfTheLegacyCopyWhoseHeadersItRewrote() throws Exception {
        // JavaMail's saveChanges would otherwise make a new one naming this machine.
        Mail mail = mail("To", BOB + ", " + CAROL, "Message-ID", "<42@example.org>");

        assertThat(legacyCopyOf(mail).getMessageID()).isEqualTo("<42@example.org>");
    }

    @Test
    void splitShouldLeaveTheOriginalMessageUntouched() throws Exception {
        Mail mail = mail("To", BOB + ", " + CAROL);

        splitting().service(mail);

        assertThat(mail.getMessage().getHeader("To")).containsExactly(BOB + ", " + CAROL);
    }
}
