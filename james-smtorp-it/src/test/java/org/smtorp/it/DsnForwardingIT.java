/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * DSN parameters across Tor between two real James: a client submits to the sender with RET,
 * ENVID, NOTIFY and ORCPT (the commands {@code swaks --dsn-*} of swaks 2024 writes; Debian's
 * swaks here predates them); OnionRemoteDelivery passes them on to the receiver's onion
 * listener, which announces DSN (James's four DSN hooks) and keeps them on the Mail, read here
 * through its WebAdmin. The sender's WebAdmin also serves James's /metrics, where the onion
 * delivery counters show.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class DsnForwardingIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ServerIdentity RECEIVER = IntegrationEnvironment.freshIdentity("DsnForwardingIT-receiver");
    private static final ServerIdentity SENDER = IntegrationEnvironment.freshIdentity("DsnForwardingIT-sender");
    private static final SmtorpDomain FULL = RECEIVER.domain();
    private static final String BOB = "bob@" + RECEIVER.domain().withoutFingerprint().asString();
    private static final Path RESOURCES = Path.of(System.getProperty("smtorp.testResources"), "conf");

    @RegisterExtension
    static JamesServerExtension receiver = OnionListener.jamesOfferingWithDsn(RECEIVER,
            "argon2id=3", "sha256=off", "hashcash=off")
        .configuredWith(conf -> conf.confLayer(RESOURCES.resolve("onion-receiver")));

    @RegisterExtension
    static JamesServerExtension sender = OnionSender.james(SENDER)
        .configuredWith(conf -> conf
            .value("delayTime", "2 seconds")
            .value("maxRetries", 15)
            .confFile("smtpserver.xml", OnionListener.labSmtpServersWithDsn())
            .confFile("webadmin.properties", String.join("\n", "enabled=true", "port={{port.webadmin}}",
                "host=127.0.0.1", "extensions.routes=org.apache.james.webadmin.dropwizard.MetricsRoutes")));

    private static OnionService published;
    private static TorNetwork tor;

    @BeforeAll
    static void publishTheReceiver(TorNetwork network) throws Exception {
        new WebAdmin(receiver.port(OnionListener.WEBADMIN)).createUser(BOB, "bobs-password");
        tor = network;
        published = OnionListener.publish(network, RECEIVER, receiver, PATIENCE);
    }

    @AfterAll
    static void unpublish() {
        if (published != null) {
            tor.onionHost().unpublish(published);
        }
    }

    @Test
    void dsnParametersShouldReachTheReceivingJames() throws Exception {
        String recipient = "bob@" + FULL.asString();
        String subject = LabMail.sendWithDsn(sender, "RET=HDRS ENVID=QQ314159", "NOTIFY=SUCCESS,FAILURE", recipient);

        LabMail.awaitMail(receiver, subject, PATIENCE);
        String attributes = LabMail.attributesOf(receiver, subject);
        assertThat(attributes).contains("\"dsn-envid\":\"QQ314159\"").contains("\"dsn-ret\":\"HDRS\"");
        // The receiver keys NOTIFY and ORCPT by its RCPT TO address, which names the onion without
        // the fingerprint label; ORCPT keeps what the client wrote. WebAdmin shows a map attribute
        // as James's toString of it.
        assertThat(attributes).contains("\"dsn-notify\":\"{" + BOB + "=AttributeValue{value=SUCCESS,FAILURE,")
            .contains("\"dsn-orcpt\":\"{" + BOB + "=AttributeValue{value=" + recipient + ",");
    }

    @Test
    void mailWithoutDsnParametersShouldArriveWithoutAny() throws Exception {
        String subject = LabMail.send(sender, "bob@" + FULL.asString());

        LabMail.awaitMail(receiver, subject, PATIENCE);
        assertThat(LabMail.attributesOf(receiver, subject)).doesNotContain("dsn-envid").doesNotContain("dsn-notify");
    }

    @Test
    void theSendersMetricsShouldCountOnionDeliveries() throws Exception {
        String subject = LabMail.send(sender, "bob@" + FULL.asString());
        LabMail.awaitMail(receiver, subject, PATIENCE);

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + sender.port(OnionSender.WEBADMIN) + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher delivered = Pattern.compile("(?m)^smtorp_onion_delivered(?:_total)? ([0-9.]+)").matcher(metrics);
        assertThat(delivered.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(delivered.group(1))).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("smtorp_onion_deliveryTime");
    }
}
