/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.pow.xpow.Challenge;
import org.smtorp.protocol.sender.SenderProof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sending relay of SPEC section 4 and DSN across our hops, three real James on the private Tor
 * network, each with the conf layer {@code hops} (James's sample layout with DSN as its dsn.adoc
 * enables it) and onion listeners announcing DSN: the sender's OnionRemoteDelivery names the relay
 * ({@code sendingRelay}, pinned) and a short {@code sendingRelayAfter}; the relay's onion listener
 * is the shipped one with {@code <relayFor>} naming the sender; the destination's onion is not
 * published until the relay holds the mail. Each hop pays XPOW and the sender proves its onion with
 * XONION. DSNs come back to the sender's onion over Tor, where alice's mail is read.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class SendingRelayIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ServerIdentity SENDER = IntegrationEnvironment.freshIdentity("SendingRelayIT-sender");
    private static final ServerIdentity RELAY = IntegrationEnvironment.freshIdentity("SendingRelayIT-relay");
    private static final ServerIdentity DESTINATION = IntegrationEnvironment.freshIdentity("SendingRelayIT-destination");
    private static final ServerIdentity STRANGER = IntegrationEnvironment.freshIdentity("SendingRelayIT-stranger");
    private static final String BOB = "bob@" + DESTINATION.domain().withoutFingerprint().asString();
    private static final String[] CHEAP_XPOW = {"argon2id=3", "sha256=off", "hashcash=off"};
    private static final String SENDING_RELAY = "<sendingRelay>" + RELAY.domain().asString() + "</sendingRelay>"
        + "<sendingRelayAfter>10 seconds</sendingRelayAfter>";

    @RegisterExtension
    static JamesServerExtension destination = hop(OnionListener.jamesOfferingWithDsn(DESTINATION, CHEAP_XPOW), "");

    @RegisterExtension
    static JamesServerExtension relay = hop(OnionListener.jamesRelayingFor(RELAY, List.of(SENDER.domain()),
        CHEAP_XPOW), "");

    @RegisterExtension
    static JamesServerExtension sender = hop(OnionListener.jamesWithSubmissionAndDsn(SENDER, CHEAP_XPOW),
        SENDING_RELAY);

    private static TorNetwork tor;
    private static final List<OnionService> published = new ArrayList<>();

    // Retries every 2 seconds; relayParameters: the sender's sendingRelay, nothing on the others.
    private static JamesServerExtension hop(JamesServerExtension james, String relayParameters) {
        return james
            .configuredWith(conf -> conf
                .confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf", "hops"))
                .value("delayTime", "2 seconds")
                .value("maxRetries", 60)
                .value("relayParameters", relayParameters))
            .configuredInContext((conf, context) -> conf
                .value("socksPort", PrivateTorNetworkExtension.network(context).socksAddress().getPort()));
    }

    @BeforeAll
    static void publishTheSenderAndTheRelay(TorNetwork network) throws Exception {
        new WebAdmin(destination.port(OnionListener.WEBADMIN)).createUser(BOB, "bobs-password");
        new WebAdmin(sender.port(OnionListener.WEBADMIN)).createUser("alice@" + SENDER.onion().asString(),
            "alices-password");
        tor = network;
        published.add(OnionListener.publish(network, RELAY, relay, PATIENCE));
        published.add(OnionListener.publish(network, SENDER, sender, PATIENCE));
    }

    private final ObjectMapper json = new ObjectMapper();
    private Optional<OnionService> destinationUp = Optional.empty();
    private SMTPSClient client;

    @AfterAll
    static void unpublish() {
        published.forEach(service -> tor.onionHost().unpublish(service));
    }

    // The next test starts with the destination down again.
    @AfterEach
    void disconnectAndTakeTheDestinationDown() throws IOException {
        if (client != null) {
            SmtpClients.close(client);
        }
        destinationUp.ifPresent(service -> tor.onionHost().unpublish(service));
        destinationUp = Optional.empty();
    }

    @Test
    void mailToADestinationThatStaysDownShouldGoThroughTheRelayAndArriveOnceWhenItComesBack() throws Exception {
        String subject = LabMail.send(sender, "bob@" + DESTINATION.domain().asString());

        assertThat(mailShouldGoThroughTheRelay(subject)).contains("Hello over Tor.")
            // The relay's onion listener received it (its Received line names the sender's EHLO).
            .contains("EHLO " + RELAY.onion().asString() + ")");
    }

    /**
     * NOTIFY=SUCCESS,DELAY,FAILURE for bob and for nobody, a user the destination does not have:
     * the sender's retries tell alice "delayed"; the relay's delivery ends in the destination's
     * "delivered" for bob and the relay's own "failed" for nobody (refused 550 5.1.1 at RCPT), both
     * over Tor to alice's onion.
     */
    @Test
    void dsnsShouldReachTheOriginalSenderFromEveryHop() throws Exception {
        String nobody = "nobody@" + DESTINATION.domain().asString();
        String subject = LabMail.sendWithDsn(sender, "RET=HDRS ENVID=hops-" + System.nanoTime(),
            "NOTIFY=SUCCESS,DELAY,FAILURE", "bob@" + DESTINATION.domain().asString(), nobody);

        mailShouldGoThroughTheRelay(subject);

        List<String> dsns = awaitDsns(subject, List.of("delayed", "delivered", "failed"));
        assertThat(dsns).allSatisfy(dsn -> assertThat(dsn).contains("report-type=delivery-status")
            .contains("message/delivery-status"));
        assertThat(dsns).filteredOn(dsn -> dsn.contains("Action: delivered")).singleElement()
            .satisfies(dsn -> assertThat(dsn).contains("Final-Recipient: rfc822; " + BOB));
        assertThat(dsns).filteredOn(dsn -> dsn.contains("Action: failed")).singleElement()
            .satisfies(dsn -> assertThat(dsn).contains(nobody).contains("5.1.1"));
        // This machine's name, as a whole name: a short one ("vm") turns up inside random
        // Message-IDs and boundaries.
        Pattern hostName = Pattern.compile("(?i)(^|[^a-z0-9-])" + Pattern.quote(InetAddress.getLocalHost().getHostName())
            + "($|[^a-z0-9-])");
        // The two that crossed Tor name the hop that wrote them by its onion, never this machine
        // (James's DSNBounce writes its host name there; OnionRemoteDelivery's scrubber rewrites it).
        assertThat(dsns).filteredOn(dsn -> dsn.contains("Action: delivered")).singleElement()
            .satisfies(dsn -> reportedOverTorBy(DESTINATION, hostName, dsn));
        assertThat(dsns).filteredOn(dsn -> dsn.contains("Action: failed")).singleElement()
            .satisfies(dsn -> reportedOverTorBy(RELAY, hostName, dsn));
    }

    private static void reportedOverTorBy(ServerIdentity hop, Pattern hostName, String dsn) {
        String status = deliveryStatus(dsn);
        Matcher reportingMta = Pattern.compile("(?m)^Reporting-MTA:(.*?)\r?$").matcher(status);
        assertThat(reportingMta.find()).as(status).isTrue();
        assertThat(reportingMta.group(1).trim()).isEqualTo("dns; " + hop.onion().asString());
        assertThat(status).doesNotContainPattern(hostName).doesNotContain("Received-From-MTA");
    }

    // The message/delivery-status part's fields, as they came: from the blank line after its
    // headers to the next boundary line.
    private static String deliveryStatus(String dsn) {
        Matcher part = Pattern.compile("(?is)Content-Type: message/delivery-status.*?\\r?\\n\\r?\\n(.*?)\\r?\\n--")
            .matcher(dsn);
        assertThat(part.find()).as(dsn).isTrue();
        return part.group(1);
    }

    // The sender's messages that quote `subject` and report each action, once every action has come.
    private List<String> awaitDsns(String subject, List<String> actions) {
        List<String> found = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            found.clear();
            LabMail.mails(sender).stream().filter(mail -> mail.contains(subject)).forEach(found::add);
            return actions.stream().allMatch(action -> found.stream().anyMatch(dsn -> dsn.contains("Action: " + action)));
        });
        return found;
    }

    // Destination down: only the relay can hold the mail, until the destination publishes its onion.
    // Returns the mail as the destination stored it.
    private String mailShouldGoThroughTheRelay(String subject) throws Exception {

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
            .until(() -> relayIsHoldingMailFor(DESTINATION));
        assertThat(LabMail.mails(destination)).noneMatch(mail -> mail.contains(subject));

        destinationUp = Optional.of(OnionListener.publish(tor, DESTINATION, destination, PATIENCE));

        String arrived = LabMail.awaitMail(destination, subject, PATIENCE);
        // Exactly once: the relay's retries stop at its delivery, and the sender never got through itself.
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() ->
            LabMail.mails(destination).stream().filter(mail -> mail.contains(subject)).count() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !relayIsHoldingMailFor(DESTINATION));
        return arrived;
    }

    @Test
    void aSenderThatIsNotInRelayForShouldBeRefusedAndNothingRelayed() throws IOException {
        Challenge challenge = ehlo();
        assertThat(client.sendCommand("XONION", proof(challenge, STRANGER).asString())).isEqualTo(250);
        assertThat(client.sendCommand("MAIL", "FROM:<mallory@" + STRANGER.onion().asString() + ">")).isEqualTo(250);

        client.sendCommand("RCPT", "TO:<" + BOB + ">");

        assertThat(client.getReplyString()).startsWith("550 5.7.1 Relaying denied");
    }

    @Test
    void aSenderWithoutXonionProofShouldBeRefusedEvenWhenItNamesAListedOnion() throws IOException {
        ehlo();
        assertThat(client.sendCommand("MAIL", "FROM:<alice@" + SENDER.onion().asString() + ">")).isEqualTo(250);

        client.sendCommand("RCPT", "TO:<" + BOB + ">");

        assertThat(client.getReplyString()).startsWith("550 5.7.1 Relaying denied");
    }

    @Test
    void theListedSenderShouldRelayToOnionsButNeverToALegacyRecipient() throws IOException {
        Challenge challenge = ehlo();
        assertThat(client.sendCommand("XONION", proof(challenge, SENDER).asString())).isEqualTo(250);
        assertThat(client.sendCommand("MAIL", "FROM:<alice@" + SENDER.onion().asString() + ">")).isEqualTo(250);

        assertThat(client.sendCommand("RCPT", "TO:<" + BOB + ">")).as(client.getReplyString()).isEqualTo(250);
        client.sendCommand("RCPT", "TO:<bob@example.org>");

        assertThat(client.getReplyString()).startsWith("550 5.7.1 Relaying denied");
        assertThat(client.sendCommand("RSET")).isEqualTo(250);
    }

    /**
     * The relay's bounce goes to the reverse path, original attached, from the relay: a listed
     * sender may not name a legacy victim (nor the relay's own users) there, only {@code <>} or its
     * own onion; the next transaction of the same connection, from its onion, relays again.
     */
    @Test
    void theListedSenderShouldRelayOnlyMailWhoseBouncesComeBackToItsOwnOnion() throws IOException {
        Challenge challenge = ehlo();
        assertThat(client.sendCommand("XONION", proof(challenge, SENDER).asString())).isEqualTo(250);
        assertThat(client.sendCommand("MAIL", "FROM:<victim@legacy.example>")).isEqualTo(250);

        client.sendCommand("RCPT", "TO:<" + BOB + ">");

        assertThat(client.getReplyString()).startsWith("550 5.7.1 Relaying denied: relayed mail must come from <> "
            + "or from an address at " + SENDER.onion().asString());
        assertThat(client.sendCommand("RSET")).isEqualTo(250);
        assertThat(client.sendCommand("MAIL", "FROM:<bob@" + RELAY.onion().asString() + ">")).isEqualTo(250);
        client.sendCommand("RCPT", "TO:<" + BOB + ">");
        assertThat(client.getReplyString()).startsWith("550 5.7.1 Relaying denied: relayed mail must come from <>");
        assertThat(client.sendCommand("RSET")).isEqualTo(250);
        assertThat(client.sendCommand("MAIL", "FROM:<>")).isEqualTo(250);
        assertThat(client.sendCommand("RCPT", "TO:<" + BOB + ">")).as(client.getReplyString()).isEqualTo(250);
        assertThat(client.sendCommand("RSET")).isEqualTo(250);
    }

    // The relay's own queue, as its operator reads it (GET /smtorp/queue): mail waiting for that onion.
    private boolean relayIsHoldingMailFor(ServerIdentity onion) throws Exception {
        HttpResponse<String> response = new WebAdmin(relay.port(OnionListener.WEBADMIN)).get("/smtorp/queue");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode entry : json.readTree(response.body())) {
            for (JsonNode listed : entry.get("onions")) {
                if (listed.asText().equals(onion.onion().asString())) {
                    return true;
                }
            }
        }
        return false;
    }

    // A client of the relay's onion listener (as tor forwards it), greeted under TLS; answers its XONION offer.
    private Challenge ehlo() throws IOException {
        client = SmtpClients.implicitTls(relay.port(OnionListener.IMPLICIT_TLS));
        assertThat(client.sendCommand("EHLO", "client.example")).isEqualTo(250);
        String line = Arrays.stream(client.getReplyStrings()).filter(reply -> reply.startsWith("250-XONION "))
            .findFirst().orElseThrow(() -> new AssertionError("no XONION offer in " + client.getReplyString()));
        return Challenge.parse(line.substring("250-XONION ".length()).trim());
    }

    private static SenderProof proof(Challenge challenge, ServerIdentity signer) {
        return SenderProof.sign(challenge, RELAY.onion(), signer.onion(), signer.tls().certificate().getPublicKey(),
            signer.tls().privateKey());
    }
}
