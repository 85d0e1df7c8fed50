/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * The SMTorP-Address header between two real James servers on the private Tor network, each
 * with its own onion and TLS key: the sender's AddSmtorpAddress names alice's SMTorP address,
 * its delivery proves its key (XONION), and the receiver's RecordSmtorpAddress records the
 * address once tor shows the sender's onion serving that key. A header that arrives without
 * proof, as swaks sends it to the onion listener, is never recorded. WebAdmin lists and
 * removes what was recorded.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class AnnounceIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Path RESOURCES = Path.of(System.getProperty("smtorp.testResources"), "conf");
    private static final String ANNOUNCED = "/smtorp/announced";

    private static final ServerIdentity SENDER = OnionListener.createIdentity("AnnounceIT-sender");
    private static final ServerIdentity RECEIVER = OnionListener.createIdentity("AnnounceIT-receiver");
    private static final String ALICE = "alice@" + SENDER.onion().asString();
    private static final String BOB = "bob@" + RECEIVER.onion().asString();
    // Cheap proofs: delivery pays argon2id in milliseconds, swaks pays with Debian hashcash stamps.
    private static final String[] POW = {"argon2id=3", "sha256=off", "hashcash=" + OnionListener.CHEAP_STAMP_BITS
        + " deprecated=never"};

    @RegisterExtension
    static JamesServerExtension sender = OnionListener.jamesWithSubmission(SENDER, POW)
        .configuredWith(conf -> conf.confLayer(RESOURCES.resolve("announce-sender")))
        .configuredInContext((conf, context) -> conf
            .value("socksPort", PrivateTorNetworkExtension.network(context).socksAddress().getPort()));

    @RegisterExtension
    static JamesServerExtension receiver = OnionListener.jamesOffering(RECEIVER, POW)
        .configuredWith(conf -> conf.confLayer(RESOURCES.resolve("announce-receiver")))
        .configuredInContext((conf, context) -> conf
            .value("socksPort", PrivateTorNetworkExtension.network(context).socksAddress().getPort()));

    private static final List<OnionService> PUBLISHED = new ArrayList<>();
    private static TorNetwork tor;

    @BeforeAll
    static void publishBoth(TorNetwork network) throws Exception {
        tor = network;
        new WebAdmin(sender.port(OnionListener.WEBADMIN)).createUser(ALICE, "alices-password");
        new WebAdmin(receiver.port(OnionListener.WEBADMIN)).createUser(BOB, "bobs-password");
        PUBLISHED.add(network.onionHost().publishDirectory(SENDER.hiddenServiceDir().path(), 25,
            sender.port(OnionListener.IMPLICIT_TLS)));
        PUBLISHED.add(network.onionHost().publishDirectory(RECEIVER.hiddenServiceDir().path(), 25,
            receiver.port(OnionListener.IMPLICIT_TLS)));
        for (OnionService service : PUBLISHED) {
            network.onionHost().awaitUploaded(service, PATIENCE);
        }
    }

    @AfterAll
    static void unpublish() {
        PUBLISHED.forEach(service -> tor.onionHost().unpublish(service));
    }

    @Test
    void mailOverSmtorpShouldAnnounceTheSenderAndBeRecordedByTheReceiver() throws Exception {
        String subject = sendFromAlice();

        String mail = awaitMail(receiver, subject);
        assertThat(headers(mail)).filteredOn(header -> header.startsWith("SMTorP-Address:"))
            .containsExactly("SMTorP-Address: alice@" + SENDER.domain().asString());
        String entry = awaitAnnounced(receiver, ALICE);
        assertThat(entry).contains("\"smtorpAddress\":\"alice@" + SENDER.domain().asString() + "\"")
            .contains("arrived over SMTorP from " + SENDER.onion().asString());
        assertThat(receiver.server().logFile()).content()
            .contains("Recorded announcement for @" + SENDER.onion().asString());
    }

    @Test
    void aHeaderWithoutProofShouldNotBeRecorded() throws Exception {
        String forger = "mallory@" + SENDER.onion().asString();
        String subject = "forged-" + UUID.randomUUID();
        // swaks reaches the onion listener as tor would forward it: from 127.0.0.1, over TLS.
        PeerRun swaks = PeerRun.of("swaks", "--server", "127.0.0.1",
            "--port", String.valueOf(receiver.port(OnionListener.IMPLICIT_TLS)), "--tls-on-connect",
            "--ehlo", SENDER.onion().asString(), "--from", forger, "--to", BOB,
            "--header", "Subject: " + subject, "--header", "From: " + forger,
            "--add-header", "SMTorP-Address: mallory@" + SENDER.domain().asString(),
            "--add-header", "X-Hashcash: " + HashcashTool.mint(OnionListener.CHEAP_STAMP_BITS, BOB),
            "--body", "A header that nothing proves.");
        assertThat(swaks.exitCode()).as(swaks.toString()).isZero();

        String mail = awaitMail(receiver, subject);
        assertThat(headers(mail)).contains("SMTorP-Address: mallory@" + SENDER.domain().asString());
        List<String> refusals = Files.readAllLines(receiver.server().logFile()).stream()
            .filter(line -> line.contains("SMTorP-Address not recorded")).collect(Collectors.toList());
        assertThat(refusals).anyMatch(line -> line.contains("not authenticated: it did not arrive over SMTorP with "
                + "a proved key (XONION), and it has no DKIM signature for @" + SENDER.onion().asString()))
            .noneMatch(line -> line.contains("mallory"));
        assertThat(new WebAdmin(receiver.port(OnionListener.WEBADMIN)).get(ANNOUNCED).body())
            .doesNotContain("mallory");
    }

    @Test
    void webAdminShouldListAndRemoveARecordedAnnouncement() throws Exception {
        // Recording runs before the mail is stored: once stored, nothing records it again later.
        awaitMail(receiver, sendFromAlice());
        awaitAnnounced(receiver, ALICE);
        WebAdmin webAdmin = new WebAdmin(receiver.port(OnionListener.WEBADMIN));
        String path = ANNOUNCED + "/" + URLEncoder.encode(ALICE, StandardCharsets.UTF_8);

        assertThat(webAdmin.delete(path)).isEqualTo(204);
        assertThat(webAdmin.get(ANNOUNCED).body()).doesNotContain(ALICE);
        assertThat(webAdmin.delete(path)).isEqualTo(404);
        assertThat(webAdmin.delete(ANNOUNCED + "/not-an-address")).isEqualTo(400);
    }

    @Test
    void smtorpAnnouncedShouldListAndRemoveThroughWebAdmin() throws Exception {
        awaitMail(receiver, sendFromAlice());
        awaitAnnounced(receiver, ALICE);
        String webAdmin = "http://127.0.0.1:" + receiver.port(OnionListener.WEBADMIN);

        PeerRun list = PeerRun.smtorp("announced", "--webadmin", webAdmin, "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.output()).as(list.toString()).contains(ALICE + "\t").contains(SENDER.onion().asString());

        PeerRun remove = PeerRun.smtorp("announced", "--webadmin", webAdmin, "remove", ALICE);
        assertThat(remove.exitCode()).as(remove.toString()).isZero();
        assertThat(remove.output()).contains("removed " + ALICE);
        PeerRun after = PeerRun.smtorp("announced", "--webadmin", webAdmin, "list");
        assertThat(after.output()).as(after.toString()).doesNotContain(ALICE + "\t");

        PeerRun again = PeerRun.smtorp("announced", "--webadmin", webAdmin, "remove", ALICE);
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.output()).as(again.toString()).contains(ALICE);
        PeerRun unreachable = PeerRun.smtorp("announced", "--webadmin", "http://127.0.0.1:9", "list");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.output()).contains("cannot be reached");
    }

    private static String sendFromAlice() throws IOException {
        String subject = "announce-" + UUID.randomUUID();
        SMTPClient client = new SMTPClient();
        client.connect("127.0.0.1", sender.smtpPort());
        try {
            client.helo("client.internal.example");
            assertThat(client.setSender(ALICE)).as(client.getReplyString()).isTrue();
            assertThat(client.addRecipient("bob@" + RECEIVER.domain().asString())).as(client.getReplyString()).isTrue();
            // A header alice's client wrote is replaced by the one her server vouches for.
            String message = "From: " + ALICE + "\r\n"
                + "To: bob@" + RECEIVER.domain().asString() + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "SMTorP-Address: alice@" + RECEIVER.domain().asString() + "\r\n"
                + "\r\n"
                + "Reach me over Tor.\r\n";
            assertThat(client.sendShortMessageData(message)).as(client.getReplyString()).isTrue();
            assertThat(SMTPReply.isPositiveCompletion(client.getReplyCode())).isTrue();
        } finally {
            client.disconnect();
        }
        return subject;
    }

    private static String awaitMail(JamesServerExtension james, String subject) {
        List<String> found = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            LabMail.mails(james).stream().filter(mail -> mail.contains(subject)).findFirst()
                .ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static String awaitAnnounced(JamesServerExtension james, String address) {
        WebAdmin webAdmin = new WebAdmin(james.port(OnionListener.WEBADMIN));
        List<String> found = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            String body = webAdmin.get(ANNOUNCED).body();
            int at = body.indexOf("\"address\":\"" + address + "\"");
            if (at >= 0) {
                found.add(body.substring(body.lastIndexOf('{', at), body.indexOf('}', at) + 1));
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** The header fields, unfolded. */
    private static List<String> headers(String message) {
        String head = message.substring(0, message.indexOf("\r\n\r\n")).replaceAll("\r\n[ \t]+", " ");
        return List.of(head.split("\r\n"));
    }
}
