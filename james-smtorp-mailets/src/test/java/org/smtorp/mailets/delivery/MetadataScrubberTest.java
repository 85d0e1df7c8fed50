/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.regex.Pattern;

import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtorp.protocol.address.SmtorpDomain;

class MetadataScrubberTest {
    private static final SmtorpDomain OURS =
        SmtorpDomain.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion");
    private static final String OTHER_ONION = "sp3k262uwy4r2k3ycr5awluarykdpag6a7y33jxop4cs2lu5uz5sseqd.onion";
    private static final String LOCAL_DATE = "Mon, 2 Mar 2026 10:00:00 +0100";

    private static MimeMessage message(String messageId) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.addHeader("Received", "from workstation.internal.example ([10.1.2.3]) by mx.internal.example");
        message.addHeader("Received", "from [192.168.7.9] by 127.0.0.1");
        message.setHeader("X-Originating-IP", "[10.1.2.3]");
        message.setHeader("Message-ID", messageId);
        message.setHeader("Date", LOCAL_DATE);
        message.setHeader("Subject", "scrub me");
        message.setText("Hello.");
        return message;
    }

    private static MimeMessage scrubbed(String messageId) throws Exception {
        MimeMessage message = message(messageId);
        new MetadataScrubber(OURS).scrub(message);
        return message;
    }

    private static String headersAsSent(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        String text = out.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n\r\n"));
    }

    @Test
    void scrubShouldRemoveReceivedHeadersNamingHostsAndAddresses() throws Exception {
        MimeMessage message = scrubbed("<1@workstation.internal.example>");

        assertThat(message.getHeader("Received")).isNull();
        assertThat(headersAsSent(message)).doesNotContain("internal.example").doesNotContain("10.1.2.3")
            .doesNotContain("192.168.7.9").doesNotContain("127.0.0.1");
    }

    @Test
    void scrubShouldRemoveXOriginatingIp() throws Exception {
        MimeMessage message = scrubbed("<1@workstation.internal.example>");

        assertThat(message.getHeader("X-Originating-IP")).isNull();
        assertThat(headersAsSent(message)).doesNotContainIgnoringCase("X-Originating-IP");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "X-Mailer|swaks v20240103.0 jetmore.org/john/code/swaks/",
        "X-Mailer|Apple Mail (2.3774.500.171.1.1)",
        "User-Agent|Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.3.1",
        "x-mailer|Microsoft Outlook 16.0",
        "X-MimeOLE|Produced By Microsoft MimeOLE V6.00.2900.5931"})
    void scrubShouldRemoveHeadersNamingTheSendersSoftware(String name, String value) throws Exception {
        MimeMessage message = message("<1@workstation.internal.example>");
        message.addHeader(name, value);

        new MetadataScrubber(OURS).scrub(message);

        assertThat(message.getHeader(name)).isNull();
        assertThat(headersAsSent(message)).doesNotContainIgnoringCase(name + ":").doesNotContain(value);
    }

    @Test
    void scrubShouldKeepWhatTheRecipientReadsAndWhatProvesTheSender() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setHeader("From", "Alice <alice@example.org>");
        message.setHeader("To", "bob@" + OTHER_ONION);
        message.setHeader("Subject", "kept");
        message.setHeader("Organization", "Example Org");
        message.setHeader("DKIM-Signature", "v=1; a=rsa-sha256; d=example.org; s=mail; h=from:subject; bh=AAAA; b=AAAA");
        message.setHeader("SMTorP-Address", "alice@" + OURS.asString());
        MimeMultipart parts = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Hello.");
        parts.addBodyPart(text);
        message.setContent(parts);
        message.saveChanges();
        String contentType = message.getContentType();

        new MetadataScrubber(OURS).scrub(message);

        assertThat(headersAsSent(message)).contains("From: Alice <alice@example.org>", "To: bob@" + OTHER_ONION,
            "Subject: kept", "Organization: Example Org", "SMTorP-Address: alice@" + OURS.asString(),
            "DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=mail; h=from:subject; bh=AAAA; b=AAAA");
        assertThat(message.getContentType()).isEqualTo(contentType);
    }

    @Test
    void scrubShouldReplaceAMessageIdNamingAnInternalHostWithOneAtOurOnion() throws Exception {
        MimeMessage message = scrubbed("<1@workstation.internal.example>");

        assertThat(message.getHeader("Message-ID", null)).startsWith("<").endsWith("@" + OURS.asString() + ">");
        assertThat(headersAsSent(message)).contains("Message-ID: <").contains("@" + OURS.asString() + ">")
            .doesNotContain("workstation");
    }

    @Test
    void scrubShouldKeepAMessageIdAtAnOnion() throws Exception {
        MimeMessage message = scrubbed("<42@" + OTHER_ONION + ">");

        assertThat(headersAsSent(message)).contains("Message-ID: <42@" + OTHER_ONION + ">");
    }

    @Test
    void sentHeadersShouldNameNeitherThisMachineNorItsUser() throws Exception {
        String headers = headersAsSent(scrubbed("<1@workstation.internal.example>"));

        // As a whole name: a short host name ("vm") turns up inside random Message-IDs.
        Pattern hostName = Pattern.compile("(?i)(^|[^a-z0-9-])" + Pattern.quote(InetAddress.getLocalHost().getHostName())
            + "($|[^a-z0-9-])");
        assertThat(headers).doesNotContainPattern(hostName)
            .doesNotContain("localhost").doesNotContain("javamail");
    }

    @Test
    void scrubShouldRewriteTheDateInUtcKeepingTheInstant() throws Exception {
        MimeMessage message = scrubbed("<1@workstation.internal.example>");

        String date = message.getHeader("Date", null);
        assertThat(date).endsWith("+0000");
        assertThat(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
            .isEqualTo(ZonedDateTime.parse(LOCAL_DATE, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
            .isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
    }
}
