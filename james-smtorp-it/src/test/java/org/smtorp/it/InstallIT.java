/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.smtorp.lab.Directories;
import org.smtorp.lab.james.JamesDistribution;
import org.smtorp.lab.james.JamesSampleConfiguration;
import org.smtorp.lab.james.JamesServer;
import org.smtorp.lab.james.JamesWorkingDirectory;
import org.smtorp.lab.tor.PortBlock;
import org.smtorp.lab.tor.TorExecutable;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

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

    // Before any James starts: each home's dnsservice.xml names it as the only server.
    private static final DnsTrap DNS = DnsTrap.start();

    private final List<PortBlock> ports = new ArrayList<>();
    private final List<JamesServer> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(JamesServer::close);
        ports.forEach(PortBlock::close);
    }

    @AfterAll
    static void stopDns() {
        DNS.close();
    }

    @Test
    void installedJamesShouldShowOurLinesAndNoErrorOfOurs(TorNetwork network) throws Exception {
        Home home = Home.install("InstallIT-alone", network, reserve());

        JamesServer james = start(home);

        await().atMost(START).until(() -> james.log().contains(": READY since"));
        String log = james.log();
        assertThat(log).contains("SMTorP extension loaded", "SMTorP domain: ");
        assertThat(errorsOfOurs(log)).isEmpty();
    }

    @Test
    void mailShouldGoFromOneInstalledJamesToTheOthersOnionAskingDnsForNoOnionName(TorNetwork network) throws Exception {
        Home sender = Home.install("InstallIT-sender", network, reserve());
        Home receiver = Home.install("InstallIT-receiver", network, reserve());
        JamesServer senderJames = start(sender);
        JamesServer receiverJames = start(receiver);
        await().atMost(START).until(() -> receiverJames.log().contains(": READY since")
            && senderJames.log().contains(": READY since"));
        new WebAdmin(sender.ports.port(Home.WEBADMIN)).createUser("alice@" + sender.onion(), PASSWORD);
        new WebAdmin(receiver.ports.port(Home.WEBADMIN)).createUser("bob@" + receiver.onion(), PASSWORD);

        // James's own port-25 listener relays for 127.0.0.0/8 (authorizedAddresses): a local sender.
        send(sender.ports.port(Home.SMTP), "alice@" + sender.onion(), "bob@" + receiver.onion(), "installed both ways");
        send(sender.ports.port(Home.SMTP), "alice@" + sender.onion(), "carol@legacy-mail.example", "legacy");

        // The sample's IMAP refuses plain logins without TLS: James's WebAdmin counts the INBOX instead.
        WebAdmin receiverAdmin = new WebAdmin(receiver.ports.port(Home.WEBADMIN));
        String inbox = "/users/bob@" + receiver.onion() + "/mailboxes/INBOX/messageCount";
        await().atMost(DELIVERY).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
            assertThat(receiverAdmin.get(inbox).body()).isEqualTo("1"));
        // The legacy recipient reached James's RemoteDelivery, which asked the trap: it is wired.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(DNS.queries()).anyMatch(name -> name.startsWith("legacy-mail.example.")));
        assertThat(DNS.queries()).noneMatch(name -> name.toLowerCase(Locale.ROOT).matches("(.*\\.)?onion\\.?"));
        assertThat(errorsOfOurs(senderJames.log())).isEmpty();
        assertThat(errorsOfOurs(receiverJames.log())).isEmpty();
    }

    private PortBlock reserve() {
        PortBlock block = PortBlock.reserve();
        ports.add(block);
        return block;
    }

    private JamesServer start(Home home) {
        JamesServer james = JamesServer.of(JamesDistribution.memoryServer(), JamesWorkingDirectory.existing(home.root));
        started.add(james);
        james.start(START);
        return james;
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

    /** One James home: the memory sample, an administrator's own edits, then bin/smtorp install. */
    private static final class Home {
        static final int SMTP = 0;
        static final int SMTPS = 1;
        static final int SUBMISSION = 2;
        static final int IMAP = 3;
        static final int IMAPS = 4;
        static final int WEBADMIN = 5;
        static final int JMAP = 6;
        static final int ONION = 7;
        static final int SOCKS = 8;

        final Path root;
        final PortBlock ports;

        private Home(Path root, PortBlock ports) {
            this.root = root;
            this.ports = ports;
        }

        static Home install(String name, TorNetwork network, PortBlock ports) throws Exception {
            Path root = IntegrationEnvironment.workDir().resolve(name);
            Directories.deleteRecursively(root);
            JamesSampleConfiguration.MEMORY.copyTo(root.resolve("conf"));
            Home home = new Home(root, ports);
            home.administratorsOwnEdits();
            PeerRun install = PeerRun.smtorp("install", root.toString(),
                "--set", "tor.binary=" + TorExecutable.tor(),
                "--set", "tor.torrcInclude=" + network.joinTorrc(),
                "--set", "tor.socks=127.0.0.1:" + ports.port(SOCKS),
                "--set", "onion.target=127.0.0.1:" + ports.port(ONION));
            assertThat(install.exitCode()).as(install.toString()).isZero();
            PeerRun again = PeerRun.smtorp("install", root.toString());
            assertThat(again.output()).as(again.toString()).contains("Nothing to change");
            return home;
        }

        String onion() throws IOException {
            return ServerIdentity.load(root.resolve("var/smtorp/identity")).onion().asString();
        }

        // What anyone running James's sample on a shared machine changes in James's own files.
        private void administratorsOwnEdits() throws IOException, InterruptedException {
            edit("smtpserver.xml", "0.0.0.0:25<", "127.0.0.1:" + ports.port(SMTP) + "<",
                "0.0.0.0:465<", "127.0.0.1:" + ports.port(SMTPS) + "<",
                "0.0.0.0:587<", "127.0.0.1:" + ports.port(SUBMISSION) + "<");
            edit("imapserver.xml", "0.0.0.0:143<", "127.0.0.1:" + ports.port(IMAP) + "<",
                "0.0.0.0:993<", "127.0.0.1:" + ports.port(IMAPS) + "<");
            edit("webadmin.properties", "port=8000", "port=" + ports.port(WEBADMIN));
            edit("jmap.properties", "enabled=true", "enabled=true\njmap.port=" + ports.port(JMAP));
            edit("jmx.properties", "jmx.enabled=true", "jmx.enabled=false");
            edit("logback.xml", "/logs/", root.resolve("logs") + "/");
            // This machine's resolver: InstallIT's DNS trap, which records every name asked.
            edit("dnsservice.xml", "<autodiscover>true</autodiscover>",
                "<servers><server>127.0.0.1</server></servers>\n  <autodiscover>false</autodiscover>");
            // The key store smtpserver.xml and jmap.properties name (the apache/james image ships one).
            PeerRun keytool = PeerRun.of(java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "james", "-keyalg", "RSA",
                "-storetype", "PKCS12", "-keystore", root.resolve("conf/keystore").toString(),
                "-storepass", "james72laBalle", "-dname", "CN=localhost", "-validity", "30");
            assertThat(keytool.exitCode()).as(keytool.toString()).isZero();
        }

        private void edit(String file, String... pairs) throws IOException {
            Path path = root.resolve("conf").resolve(file);
            String text = Files.readString(path, StandardCharsets.UTF_8);
            for (int i = 0; i < pairs.length; i += 2) {
                assertThat(text).as(file).contains(pairs[i]);
                text = text.replace(pairs[i], pairs[i + 1]);
            }
            Files.writeString(path, text, StandardCharsets.UTF_8);
        }
    }
}
