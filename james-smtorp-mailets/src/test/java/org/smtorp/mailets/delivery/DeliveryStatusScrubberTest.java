/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.mail.BodyPart;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.james.transport.mailets.DSNBounce;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * DSNs as James's DSNBounce makes them (the real mailet, its DNS naming the machine), read back
 * from their bytes as James's spool hands them to OnionRemoteDelivery, and hostile variants.
 */
class DeliveryStatusScrubberTest {
    private static final SmtorpDomain OURS =
        SmtorpDomain.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final String SENDER_ONION = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    private static final String MACHINE = "mail-7.internal.example";
    private static final String PREVIOUS_HOP = "workstation.internal.example";
    private static final String REPORTING = "Reporting-MTA: dns; " + OURS.asString();
    private static final String REPORT = "multipart/report; report-type=delivery-status; boundary=\"b1\"";

    // What DSNBounce sends for a mail to nobody that failed with 550 5.1.1, as MimeMessage in memory.
    private static MimeMessage jamesDsn() throws Exception {
        FakeMailContext context = FakeMailContext.builder()
            .postmaster(new MailAddress("postmaster@" + OURS.asString())).build();
        DSNBounce bounce = new DSNBounce(new MachineNamedDns(MACHINE));
        bounce.init(FakeMailetConfig.builder().mailetName("DSNBounce").mailetContext(context)
            .setProperty("action", "failed").setProperty("defaultStatus", "5.0.0")
            .setProperty("messageString", "Your message could not be delivered.")
            .setProperty("passThrough", "false").build());
        MimeMessage original = new MimeMessage(Session.getInstance(new Properties()));
        original.setHeader("Subject", "to nobody");
        original.setText("Hello over Tor.");
        original.saveChanges();
        bounce.service(FakeMail.builder().name("to-nobody").sender("alice@" + SENDER_ONION)
            .recipients("nobody@" + OURS.asString()).mimeMessage(original).remoteHost(PREVIOUS_HOP)
            .remoteAddr("10.1.2.3").lastUpdated(new Date()).attribute("delivery-error", "550 5.1.1 no such user")
            .build());
        assertThat(context.getSentMails()).hasSize(1);
        return context.getSentMails().get(0).getMsg();
    }

    private static MimeMessage parsed(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static MimeMessage scrubbed(MimeMessage message) throws Exception {
        new MetadataScrubber(OURS).scrub(message);
        // What goes on the wire, read back as the receiver reads it.
        return parsed(bytes(message));
    }

    private static BodyPart part(MimeMessage message, int index) throws Exception {
        return ((MimeMultipart) message.getContent()).getBodyPart(index);
    }

    private static String text(BodyPart part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static MimeMessage report(String contentType, String... parts) throws Exception {
        String body = Arrays.stream(parts).map(part -> "--b1\r\n" + part + "\r\n").collect(Collectors.joining())
            + "--b1--\r\n";
        return parsed(("From: <>\r\nTo: alice@" + SENDER_ONION + "\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: " + contentType + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String status(String fields) {
        return "Content-Type: message/delivery-status\r\n\r\n" + fields;
    }

    private static final String TEXT_PART = "Content-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n";

    @Test
    void aDsnFromJamesShouldReportOurOnionAndNameNeitherThisMachineNorThePreviousHop() throws Exception {
        MimeMessage dsn = parsed(bytes(jamesDsn()));
        String before = text(part(dsn, 1));
        assertThat(before).contains("Reporting-MTA: dns; " + MACHINE).contains("Received-From-MTA: dns; " + PREVIOUS_HOP);

        MimeMessage sent = scrubbed(dsn);

        String after = text(part(sent, 1));
        assertThat(after).startsWith(REPORTING + "\n");
        assertThat(new String(bytes(sent), StandardCharsets.ISO_8859_1)).doesNotContain(MACHINE)
            .doesNotContain(PREVIOUS_HOP).doesNotContain("Received-From-MTA");
        // Every other field as James wrote it, byte for byte.
        String expected = before.replace("Reporting-MTA: dns; " + MACHINE, REPORTING)
            .replace("Received-From-MTA: dns; " + PREVIOUS_HOP + "\n", "");
        assertThat(after).isEqualTo(expected).contains("Final-Recipient: rfc822; nobody@" + OURS.asString(),
            "Action: failed", "Status: 550 5.1.1 no such user");
    }

    @Test
    void theOtherPartsOfADsnShouldLeaveAsTheyCame() throws Exception {
        MimeMessage dsn = parsed(bytes(jamesDsn()));
        String contentType = dsn.getContentType();
        MimeMultipart before = (MimeMultipart) dsn.getContent();
        String humanText = text(before.getBodyPart(0));
        String original = text(before.getBodyPart(2));
        String statusType = before.getBodyPart(1).getContentType();

        MimeMessage sent = scrubbed(dsn);

        assertThat(sent.getContentType()).isEqualTo(contentType);
        MimeMultipart after = (MimeMultipart) sent.getContent();
        assertThat(after.getCount()).isEqualTo(3);
        assertThat(text(after.getBodyPart(0))).isEqualTo(humanText);
        assertThat(text(after.getBodyPart(2))).isEqualTo(original).contains("Hello over Tor.");
        assertThat(after.getBodyPart(1).getContentType()).isEqualTo(statusType);
        assertThat(after.getBodyPart(1).getFileName()).isEqualTo("status.dat");
    }

    @Test
    void aDsnStillInMemoryAsDsnBounceMadeItShouldBeScrubbedToo() throws Exception {
        MimeMessage sent = scrubbed(jamesDsn());

        assertThat(text(part(sent, 1))).startsWith(REPORTING + "\n").doesNotContain(MACHINE)
            .doesNotContain("Received-From-MTA");
    }

    @Test
    void foldedFieldsShouldGoWithAllTheirLines() throws Exception {
        MimeMessage dsn = report(REPORT, TEXT_PART, status("Reporting-MTA: dns;\r\n  " + MACHINE + "\r\n"
            + "received-from-mta :\r\n\tdns; " + PREVIOUS_HOP + "\r\nArrival-Date: Mon, 2 Mar 2026 10:00:00 +0000\r\n"
            + "\r\nFinal-Recipient: rfc822;\r\n nobody@" + OURS.asString() + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"));

        String after = text(part(scrubbed(dsn), 1));

        assertThat(after).isEqualTo(REPORTING + "\r\nArrival-Date: Mon, 2 Mar 2026 10:00:00 +0000\r\n\r\n"
            + "Final-Recipient: rfc822;\r\n nobody@" + OURS.asString() + "\r\nAction: failed\r\nStatus: 5.1.1\r\n");
    }

    @Test
    void aStatusPartWithoutReportingMtaShouldGetOne() throws Exception {
        MimeMessage dsn = report(REPORT, TEXT_PART, status("Received-From-MTA: dns; " + PREVIOUS_HOP
            + "\r\n\r\nFinal-Recipient: rfc822; nobody@" + OURS.asString() + "\r\nAction: failed\r\n"));

        assertThat(text(part(scrubbed(dsn), 1))).isEqualTo(REPORTING + "\r\n\r\nFinal-Recipient: rfc822; nobody@"
            + OURS.asString() + "\r\nAction: failed\r\n");
    }

    @Test
    void aDsnAnotherOfOurHopsWroteShouldKeepItsOnionWhenWeRelayIt() throws Exception {
        String fields = "Reporting-MTA: DNS;\r\n " + SENDER_ONION + "\r\nReceived-From-MTA: dns; " + PREVIOUS_HOP
            + "\r\n\r\nFinal-Recipient: rfc822; x@" + OURS.asString() + "\r\n";

        assertThat(text(part(scrubbed(report(REPORT, TEXT_PART, status(fields))), 1))).isEqualTo("Reporting-MTA: DNS;\r\n "
            + SENDER_ONION + "\r\n\r\nFinal-Recipient: rfc822; x@" + OURS.asString() + "\r\n");
    }

    @Test
    void aReportingMtaNamingAHostUnderOnionThatIsNoOnionShouldBeRewritten() throws Exception {
        String fields = "Reporting-MTA: dns; vm.onion\r\n\r\nFinal-Recipient: rfc822; x@" + OURS.asString() + "\r\n";

        assertThat(text(part(scrubbed(report(REPORT, TEXT_PART, status(fields))), 1))).startsWith(REPORTING + "\r\n");
    }

    @Test
    void aSecondReportingMtaInAnyBlockShouldBeDropped() throws Exception {
        MimeMessage dsn = report(REPORT, TEXT_PART, status("Reporting-MTA: dns; " + MACHINE + "\r\n\r\n"
            + "Final-Recipient: rfc822; nobody@" + OURS.asString() + "\r\nREPORTING-MTA: dns; " + MACHINE + "\r\n"));

        assertThat(text(part(scrubbed(dsn), 1))).isEqualTo(REPORTING + "\r\n\r\nFinal-Recipient: rfc822; nobody@"
            + OURS.asString() + "\r\n");
    }

    @Test
    void aHugeStatusPartShouldKeepOnlyTheWholeBlocksWithinTheLimit() throws Exception {
        String block = "\r\nFinal-Recipient: rfc822; user@" + OURS.asString() + "\r\nAction: failed\r\n"
            + "Diagnostic-Code: smtp; 550 5.1.1 " + MACHINE + " has no such user\r\n";
        String fields = "Reporting-MTA: dns; " + MACHINE + "\r\n" + block.repeat(
            2 * DeliveryStatusScrubber.MAX_DELIVERY_STATUS_BYTES / block.length());
        MimeMessage dsn = report(REPORT, TEXT_PART, status(fields));

        MimeMessage sent = scrubbed(dsn);

        String after = text(part(sent, 1));
        assertThat(after.length()).isLessThanOrEqualTo(DeliveryStatusScrubber.MAX_DELIVERY_STATUS_BYTES);
        assertThat(after).startsWith(REPORTING + "\r\n\r\nFinal-Recipient: ").endsWith(block.substring(2) + "\r\n")
            // Whole blocks: the recipient part the limit cut in two is gone, not half kept.
            .satisfies(kept -> assertThat(kept.split("Final-Recipient", -1).length - 1)
                .isEqualTo(kept.split("Diagnostic-Code", -1).length - 1));
        assertThat(text(part(sent, 0))).isEqualTo("Your message could not be delivered.\r\n");
    }

    @Test
    void linesThatAreNotFieldsShouldBeDroppedAndTheMailStillLeave() throws Exception {
        // JavaMail does not decode message/* (mail.mime.allowencodedmessages): base64 stays lines of text.
        MimeMessage dsn = report(REPORT, TEXT_PART, "Content-Type: message/delivery-status\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n%%%% not base64 " + MACHINE + " ****\r\n");

        MimeMessage sent = scrubbed(dsn);

        assertThat(new String(bytes(sent), StandardCharsets.ISO_8859_1)).doesNotContain(MACHINE);
        assertThat(text(part(sent, 1)).strip()).isEqualTo(REPORTING);
        assertThat(text(part(sent, 0))).isEqualTo("Your message could not be delivered.\r\n");
    }

    @Test
    void aReportWithoutStatusPartShouldLeaveUnchanged() throws Exception {
        MimeMessage dsn = report(REPORT, TEXT_PART);
        String before = text(part(dsn, 0));

        MimeMessage sent = scrubbed(dsn);

        assertThat(((MimeMultipart) sent.getContent()).getCount()).isEqualTo(1);
        assertThat(text(part(sent, 0))).isEqualTo(before);
    }

    @Test
    void aNestedMultipartInAReportShouldLeaveUnchangedBesideTheRewrittenStatus() throws Exception {
        String nested = "Content-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n--b2\r\n"
            + "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; inner.example\r\n--b2--\r\n";
        MimeMessage dsn = report(REPORT, TEXT_PART, nested,
            status("Reporting-MTA: dns; " + MACHINE + "\r\n\r\nFinal-Recipient: rfc822; x@" + OURS.asString() + "\r\n"));

        MimeMessage sent = scrubbed(dsn);

        assertThat(text(part(sent, 2))).startsWith(REPORTING + "\r\n");
        assertThat(text(((MimeMultipart) part(sent, 1).getContent()).getBodyPart(0)))
            .isEqualTo("Reporting-MTA: dns; inner.example");
    }

    @Test
    void aReportForwardedInsideAnotherMailIsTheAuthorsContent() throws Exception {
        String forwarded = "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b2\"\r\n\r\n"
            + "--b2\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; forwarded.example\r\n--b2--\r\n";
        MimeMessage mail = report("multipart/mixed; boundary=\"b1\"", TEXT_PART, forwarded);

        MimeMessage sent = scrubbed(mail);

        assertThat(new String(bytes(sent), StandardCharsets.ISO_8859_1)).contains("Reporting-MTA: dns; forwarded.example");
    }

    @Test
    void anotherKindOfReportShouldLeaveUnchanged() throws Exception {
        String fields = "Reporting-UA: " + MACHINE + "; Thunderbird\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n";
        MimeMessage mdn = report("multipart/report; report-type=disposition-notification; boundary=\"b1\"", TEXT_PART,
            "Content-Type: message/disposition-notification\r\n\r\n" + fields);

        assertThat(text(part(scrubbed(mdn), 1))).isEqualTo(fields);
    }

    @Test
    void lineEndsShouldStayAsTheyCame() {
        byte[] lf = ("Reporting-MTA: dns; " + MACHINE + "\nReceived-From-MTA: dns; x\n\nAction: failed\n")
            .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(new String(DeliveryStatusFields.parse(lf, false).withReportingMta("dns; " + OURS.asString())
            .asBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(REPORTING + "\n\nAction: failed\n");
        assertThat(new String(DeliveryStatusFields.parse(new byte[0], false).withReportingMta("dns; x").asBytes(),
            StandardCharsets.ISO_8859_1)).isEqualTo("Reporting-MTA: dns; x\r\n");
    }

    @Test
    void manyRecipientsOfARealDsnShouldAllBeKept() throws Exception {
        String fields = "Reporting-MTA: dns; " + MACHINE + "\r\n" + IntStream.range(0, 100)
            .mapToObj(i -> "\r\nFinal-Recipient: rfc822; user" + i + "@" + OURS.asString() + "\r\nAction: failed\r\n")
            .collect(Collectors.joining());

        String after = text(part(scrubbed(report(REPORT, TEXT_PART, status(fields))), 1));

        assertThat(after).isEqualTo(fields.replace("Reporting-MTA: dns; " + MACHINE, REPORTING));
    }
}
