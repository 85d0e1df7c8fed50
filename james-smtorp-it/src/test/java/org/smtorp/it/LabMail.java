/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/**
 * Mail through a lab James as its users see it: alice's mail client submits a message to the
 * plain SMTP port, and whatever the transport stored locally (a received mail, a bounce) is
 * read raw from the {@code var/mail/inbox} repository through WebAdmin.
 */
final class LabMail {
    // WebAdmin names a repository by its path without the protocol.
    static final String INBOX = "var/mail/inbox";

    private LabMail() {
    }

    /**
     * One message from {@code alice@<domain>} to {@code recipients}, with the headers a workstation
     * leaves (an internal Message-ID, X-Originating-IP, a local Date) that the sender must scrub.
     *
     * @return its subject, unique, to find it by
     */
    static String send(JamesServerExtension james, String... recipients) throws IOException {
        String subject = "onion-" + UUID.randomUUID();
        SMTPClient client = new SMTPClient();
        client.connect("127.0.0.1", james.smtpPort());
        try {
            client.helo("client.internal.example");
            assertThat(client.setSender("alice@" + james.domain())).isTrue();
            for (String recipient : recipients) {
                assertThat(client.addRecipient(recipient)).as(client.getReplyString()).isTrue();
            }
            String message = "From: alice@" + james.domain() + "\r\n"
                + "To: " + String.join(", ", recipients) + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "X-Originating-IP: [10.1.2.3]\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@workstation.internal.example>\r\n"
                + "Date: Mon, 2 Mar 2026 10:00:00 +0100\r\n"
                + "\r\n"
                + "Hello over Tor.\r\n";
            assertThat(client.sendShortMessageData(message)).as(client.getReplyString()).isTrue();
            assertThat(SMTPReply.isPositiveCompletion(client.getReplyCode())).isTrue();
        } finally {
            client.disconnect();
        }
        return subject;
    }

    /**
     * One message from {@code alice@<domain>}, written as a DSN-aware client writes it (the commands
     * {@code swaks --dsn-*} of swaks 2024 writes; Debian's swaks here predates them): RET and ENVID
     * after MAIL FROM, NOTIFY and ORCPT after each RCPT TO. The listener must announce DSN.
     *
     * @param rcptParameters NOTIFY and the like; each recipient also gets {@code ORCPT=rfc822;<itself>}
     * @return its subject, unique, to find it by
     */
    static String sendWithDsn(JamesServerExtension james, String mailParameters, String rcptParameters,
                              String... recipients) throws IOException {
        String subject = "dsn-" + UUID.randomUUID();
        SMTPClient client = new SMTPClient();
        client.connect("127.0.0.1", james.smtpPort());
        try {
            client.sendCommand("EHLO client.example");
            assertThat(Arrays.asList(client.getReplyStrings())).anyMatch(line -> line.substring(4).equals("DSN"));
            assertThat(client.sendCommand("MAIL FROM:<alice@" + james.domain() + "> " + mailParameters))
                .as(client.getReplyString()).isEqualTo(250);
            for (String recipient : recipients) {
                assertThat(client.sendCommand("RCPT TO:<" + recipient + "> " + rcptParameters + " ORCPT=rfc822;"
                    + recipient)).as(client.getReplyString()).isEqualTo(250);
            }
            assertThat(client.sendShortMessageData("From: alice@" + james.domain() + "\r\nTo: "
                + String.join(", ", recipients) + "\r\nSubject: " + subject + "\r\n\r\nDSN over Tor.\r\n"))
                .as(client.getReplyString()).isTrue();
            assertThat(SMTPReply.isPositiveCompletion(client.getReplyCode())).isTrue();
        } finally {
            client.disconnect();
        }
        return subject;
    }

    /** The first stored message that holds {@code needle}, once there is one. */
    static String awaitMail(JamesServerExtension james, String needle, Duration patience) {
        List<String> found = new ArrayList<>();
        await().atMost(patience).pollInterval(Duration.ofMillis(500)).until(() -> {
            mails(james).stream().filter(mail -> mail.contains(needle)).findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** Every message stored in the inbox repository, raw; none before the first is stored. */
    static List<String> mails(JamesServerExtension james) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + james.port("webadmin") + "/mailRepositories/"
            + URLEncoder.encode(INBOX, StandardCharsets.UTF_8) + "/mails";
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
            HttpResponse.BodyHandlers.ofString());
        List<String> mails = new ArrayList<>();
        if (list.statusCode() != 200) {
            return mails;
        }
        Matcher keys = Pattern.compile("\"([^\"]+)\"").matcher(list.body());
        while (keys.find()) {
            HttpResponse<String> mail = http.send(HttpRequest.newBuilder(URI.create(base + "/"
                    + URLEncoder.encode(keys.group(1), StandardCharsets.UTF_8).replace("+", "%20")))
                    .header("Accept", "message/rfc822").build(),
                HttpResponse.BodyHandlers.ofString());
            if (mail.statusCode() == 200) {
                mails.add(mail.body());
            }
        }
        return mails;
    }

    /** The WebAdmin JSON of the one stored mail whose message holds {@code needle}, with its attributes. */
    static String attributesOf(JamesServerExtension james, String needle) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + james.port("webadmin") + "/mailRepositories/"
            + URLEncoder.encode(LabMail.INBOX, StandardCharsets.UTF_8) + "/mails";
        Matcher keys = Pattern.compile("\"([^\"]+)\"").matcher(http.send(HttpRequest.newBuilder(URI.create(base))
            .build(), HttpResponse.BodyHandlers.ofString()).body());
        while (keys.find()) {
            String mail = base + "/" + URLEncoder.encode(keys.group(1), StandardCharsets.UTF_8).replace("+", "%20");
            String message = http.send(HttpRequest.newBuilder(URI.create(mail)).header("Accept", "message/rfc822")
                .build(), HttpResponse.BodyHandlers.ofString()).body();
            if (message.contains(needle)) {
                return http.send(HttpRequest.newBuilder(URI.create(mail + "?additionalFields=attributes")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            }
        }
        throw new AssertionError("no stored mail holds " + needle);
    }
}
