/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.james.JamesServer;
import org.smtorp.lab.tor.TorNetwork;

/**
 * SMTorP installed as an administrator installs it: a James home whose {@code conf/} is James
 * 3.8.1's own sample configuration of the memory app, then {@code bin/smtorp install}. The test
 * changes only what an administrator of that James changes anyway (its listeners' ports, on
 * loopback; its log file; a key store as its smtpserver.xml says), and SMTorP's settings only
 * with install's {@code --set}: nothing of ours is substituted. Two homes so installed on the
 * private Tor network; mail from one to the other's onion arrives.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class InstallIT {
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration DELIVERY = Duration.ofSeconds(180);
    private static final String PASSWORD = "install-it-secret";

    @RegisterExtension
    static final SampleJamesHomes homes = new SampleJamesHomes();

    @Test
    void installedJamesShouldShowOurLinesAndNoErrorOfOurs(TorNetwork network) throws Exception {
        SampleJamesHome home = homes.create("InstallIT-alone").install(network);

        JamesServer james = homes.start(home, START);

        await().atMost(START).until(() -> james.log().contains(": READY since"));
        String log = james.log();
        assertThat(log).contains("SMTorP extension loaded", "SMTorP domain: ");
        assertThat(errorsOfOurs(log)).isEmpty();
    }

    @Test
    void mailShouldGoFromOneInstalledJamesToTheOthersOnionAskingDnsForNoOnionName(TorNetwork network) throws Exception {
        SampleJamesHome sender = homes.create("InstallIT-sender").install(network);
        SampleJamesHome receiver = homes.create("InstallIT-receiver").install(network);
        JamesServer senderJames = homes.start(sender, START);
        JamesServer receiverJames = homes.start(receiver, START);
        await().atMost(START).until(() -> receiverJames.log().contains(": READY since")
            && senderJames.log().contains(": READY since"));
        new WebAdmin(sender.port(SampleJamesHome.WEBADMIN)).createUser("alice@" + sender.onion(), PASSWORD);
        new WebAdmin(receiver.port(SampleJamesHome.WEBADMIN)).createUser("bob@" + receiver.onion(), PASSWORD);

        // James's own port-25 listener relays for 127.0.0.0/8 (authorizedAddresses): a local sender.
        send(sender.port(SampleJamesHome.SMTP), "alice@" + sender.onion(), "bob@" + receiver.onion(), "installed both ways");
        send(sender.port(SampleJamesHome.SMTP), "alice@" + sender.onion(), "carol@legacy-mail.example", "legacy");

        // The sample's IMAP refuses plain logins without TLS: James's WebAdmin counts the INBOX instead.
        WebAdmin receiverAdmin = new WebAdmin(receiver.port(SampleJamesHome.WEBADMIN));
        String inbox = "/users/bob@" + receiver.onion() + "/mailboxes/INBOX/messageCount";
        await().atMost(DELIVERY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
            assertThat(receiverAdmin.get(inbox).body()).isEqualTo("1"));
        // The legacy recipient reached James's RemoteDelivery, which asked the trap: it is wired.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(homes.dnsQueries()).anyMatch(name -> name.startsWith("legacy-mail.example.")));
        assertThat(homes.dnsQueries()).noneMatch(name -> name.toLowerCase(Locale.ROOT).matches("(.*\\.)?onion\\.?"));
        assertThat(errorsOfOurs(senderJames.log())).isEmpty();
        assertThat(errorsOfOurs(receiverJames.log())).isEmpty();
    }

    // The sample's log pattern: "HH:mm:ss.SSS [ERROR] o.s.x.Class - ...".
    private static List<String> errorsOfOurs(String log) {
        return log.lines().filter(line -> line.contains("ERROR") && line.contains(" o.s.")).collect(Collectors.toList());
    }

    private static void send(int port, String from, String to, String subject) throws IOException {
        SMTPClient smtp = new SMTPClient();
        smtp.setDefaultTimeout(30_000);
        smtp.connect("127.0.0.1", port);
        try {
            assertThat(smtp.login("sender.localhost")).as(smtp.getReplyString()).isTrue();
            assertThat(smtp.setSender(from)).as(smtp.getReplyString()).isTrue();
            assertThat(smtp.addRecipient(to)).as(smtp.getReplyString()).isTrue();
            assertThat(smtp.sendShortMessageData("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\n\r\nOver Tor.\r\n")).as(smtp.getReplyString()).isTrue();
            assertThat(SMTPReply.isPositiveCompletion(smtp.getReplyCode())).isTrue();
            smtp.logout();
        } finally {
            smtp.disconnect();
        }
    }
}
