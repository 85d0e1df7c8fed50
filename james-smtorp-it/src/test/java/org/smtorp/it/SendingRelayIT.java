/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * The sending relay of SPEC section 4, three real James on the private Tor network: the sender's
 * OnionRemoteDelivery names the relay ({@code sendingRelay}, pinned) and a short
 * {@code sendingRelayAfter}; the relay's onion listener is the shipped one with {@code <relayFor>}
 * naming the sender, and its mail goes on through a mailetcontainer in James's sample layout; the
 * destination is an ordinary onion listener whose onion is not published until the relay holds the
 * mail. Each hop pays XPOW and the sender proves its onion with XONION.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class SendingRelayIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ServerIdentity SENDER = IntegrationEnvironment.freshIdentity("SendingRelayIT-sender");
    private static final ServerIdentity RELAY = IntegrationEnvironment.freshIdentity("SendingRelayIT-relay");
    private static final ServerIdentity DESTINATION = IntegrationEnvironment.freshIdentity("SendingRelayIT-destination");
    private static final ServerIdentity STRANGER = IntegrationEnvironment.freshIdentity("SendingRelayIT-stranger");
    private static final String BOB = "bob@" + DESTINATION.domain().withoutFingerprint().asString();
    private static final Path RESOURCES = Path.of(System.getProperty("smtorp.testResources"), "conf");
    private static final String[] CHEAP_XPOW = {"argon2id=3", "sha256=off", "hashcash=off"};

    @RegisterExtension
    static JamesServerExtension destination = OnionListener.jamesOffering(DESTINATION, CHEAP_XPOW)
        .configuredWith(conf -> conf.confLayer(RESOURCES.resolve("onion-receiver")));

    @RegisterExtension
    static JamesServerExtension relay = OnionListener.jamesRelayingFor(RELAY, List.of(SENDER.domain()), CHEAP_XPOW)
        .configuredWith(conf -> conf
            .confLayer(RESOURCES.resolve("relay"))
            .value("delayTime", "2 seconds")
            .value("maxRetries", 60))
        .configuredInContext((conf, context) -> conf
            .value("socksPort", PrivateTorNetworkExtension.network(context).socksAddress().getPort()));

    @RegisterExtension
    static JamesServerExtension sender = OnionSender.jamesWithSendingRelay(SENDER, RELAY.domain(), "10 seconds")
        .configuredWith(conf -> conf
            .value("delayTime", "2 seconds")
            .value("maxRetries", 60));

    private static TorNetwork tor;
    private static final List<OnionService> published = new ArrayList<>();

    private final ObjectMapper json = new ObjectMapper();
    private SMTPSClient client;

    @BeforeAll
    static void publishTheRelay(TorNetwork network) throws Exception {
        new WebAdmin(destination.port(OnionListener.WEBADMIN)).createUser(BOB, "bobs-password");
        tor = network;
        published.add(OnionListener.publish(network, RELAY, relay, PATIENCE));
    }

    @AfterAll
    static void unpublish() {
        published.forEach(service -> tor.onionHost().unpublish(service));
    }

    @AfterEach
    void disconnect() throws IOException {
        if (client != null) {
            SmtpClients.close(client);
        }
    }

    @Test
    void mailToADestinationThatStaysDownShouldGoThroughTheRelayAndArriveOnceWhenItComesBack() throws Exception {
        String subject = LabMail.send(sender, "bob@" + DESTINATION.domain().asString());

        // The destination publishes nothing yet: only the relay can hold the mail now.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
            .until(() -> relayIsHoldingMailFor(DESTINATION));
        assertThat(LabMail.mails(destination)).noneMatch(mail -> mail.contains(subject));

        published.add(OnionListener.publish(tor, DESTINATION, destination, PATIENCE));

        String arrived = LabMail.awaitMail(destination, subject, PATIENCE);
        assertThat(arrived).contains("Hello over Tor.");
        // Exactly once: the relay's retries stop at its delivery, and the sender never got through itself.
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() ->
            LabMail.mails(destination).stream().filter(mail -> mail.contains(subject)).count() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !relayIsHoldingMailFor(DESTINATION));
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
