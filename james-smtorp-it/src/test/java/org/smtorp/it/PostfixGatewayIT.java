/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.PortBlock;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.OnionServiceKey;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * A provider's Debian Postfix (its users at {@value #LEGACY_DOMAIN}) with our James as its SMTorP
 * gateway, as docs/gateway.md sets them up: Postfix's transport_maps sends {@code .onion}
 * recipients to James's gateway listener ({@code conf/smtpserver-gateway.xml} as shipped, its
 * placeholders filled), James delivers them over the private Tor network, and James's
 * RemoteDelivery hands bounces back to Postfix. The receiver is another Postfix behind an onion
 * (the onionmx way, {@link PostfixMx}). Mail is read from the mbox files, as a user would.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class PostfixGatewayIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** One failed attempt, a retry after 2 seconds, then the bounce: tor's failed look-ups take their time. */
    private static final Duration BOUNCE_PATIENCE = Duration.ofMinutes(3);
    private static final String LEGACY_DOMAIN = "legacy.example";
    private static final String LEGACY_USER = PostfixMx.MAILBOX_USER + "@" + LEGACY_DOMAIN;
    private static final ServerIdentity GATEWAY = IntegrationEnvironment.freshIdentity("PostfixGatewayIT-gateway");
    /** The receiving Postfix's onion: its operator's tor key, nothing of ours. */
    private static final OnionServiceKey MX_KEY = OnionServiceKey.generate(new SecureRandom());
    private static final OnionAddress MX = MX_KEY.onion();
    /** A valid onion that nobody publishes. */
    private static final OnionAddress UNPUBLISHED = OnionServiceKey.generate(new SecureRandom()).onion();
    private static final String SNIPPET = "smtpserver-gateway.xml";
    // Known before anything starts: Postfix's transport names the gateway, James's RemoteDelivery Postfix.
    private static final PortBlock GATEWAY_PORTS = PortBlock.reserve();
    private static final PortBlock LEGACY_PORTS = PortBlock.reserve();

    @RegisterExtension
    static JamesServerExtension gateway = OnionSender.james(GATEWAY)
        .configuredWith(conf -> conf
            .confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf", "gateway"))
            .confFile("smtpserver.xml", "<?xml version=\"1.0\"?>\n<smtpservers>\n" + shippedListener()
                + "\n</smtpservers>\n")
            // The snippet's two placeholders, as docs/gateway.md tells an administrator to fill them.
            .value("gateway.port", gatewayPort())
            .value("onion.domain", GATEWAY.onion().asString())
            // The test layer's mailetcontainer.xml: RemoteDelivery's gateway, the legacy Postfix; short retries.
            .value("legacyMta.port", LEGACY_PORTS.port(0))
            .value("delayTime", "2 seconds")
            .value("maxRetries", 1));

    private static PostfixMx legacy;
    private static PostfixMx mx;
    private static OnionService published;
    private static TorNetwork tor;

    @BeforeAll
    static void startBothPostfixes(TorNetwork network) {
        tor = network;
        mx = PostfixMx.start(IntegrationEnvironment.workDir().resolve("PostfixGatewayIT-mx"), MX);
        published = network.onionHost().publish(MX_KEY, 25, mx.port());
        // docs/gateway.md's lines for Postfix, with the gateway's port and this Postfix's configuration directory.
        legacy = PostfixMx.startLegacy(IntegrationEnvironment.workDir().resolve("PostfixGatewayIT-legacy"),
            LEGACY_DOMAIN, LEGACY_PORTS,
            List.of("transport_maps = hash:$config_directory/transport"),
            Map.of("transport", ".onion    smtp:[127.0.0.1]:" + gatewayPort() + "\n"));
        network.onionHost().awaitUploaded(published, PATIENCE);
    }

    @AfterAll
    static void stopBothPostfixes() {
        if (published != null) {
            tor.onionHost().unpublish(published);
        }
        if (legacy != null) {
            legacy.close();
        } else {
            LEGACY_PORTS.close();
        }
        if (mx != null) {
            mx.close();
        }
        GATEWAY_PORTS.close();
    }

    @Test
    void aPostfixUsersMailToAnOnionShouldArriveOverTorThroughTheGateway() throws Exception {
        String subject = submitToPostfix(PostfixMx.MAILBOX_USER + "@" + MX.asString());

        String delivered = mx.awaitMessage("\nSubject: " + subject + "\n", PATIENCE);
        assertThat(delivered).contains("From: " + LEGACY_USER);
        // Postfix handed it to the gateway listener, whose James delivered it over Tor as its onion.
        assertThat(legacy.log()).containsPattern("to=<" + PostfixMx.MAILBOX_USER + "@" + MX.asString()
            + ">, relay=127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:" + gatewayPort() + ",.* status=sent");
        assertThat(delivered).contains("from " + GATEWAY.onion().asString() + " ")
            .contains("by " + MX.asString() + " (Postfix) with ESMTPS");
        // Nothing of the legacy MTA crosses Tor: its trace header and its Message-ID are scrubbed.
        assertThat(delivered).doesNotContain("by " + LEGACY_DOMAIN)
            .doesNotContainPattern("(?i)message-id: <[^>]*@" + LEGACY_DOMAIN.replace(".", "\\.") + ">");
    }

    @Test
    void mailToAnOnionNobodyPublishesShouldBounceIntoThePostfixUsersMailbox() throws Exception {
        String nobody = "nobody@" + UNPUBLISHED.asString();
        String subject = submitToPostfix(nobody);

        // The original went to the onion: what arrives for the user with its subject is the bounce.
        String bounce = legacy.awaitMessage(subject, BOUNCE_PATIENCE);
        assertThat(bounce).contains("Delivered-To: " + LEGACY_USER)
            .contains("Final-Recipient: rfc822; " + nobody)
            .contains("Action: failed")
            .contains("tor could not reach " + UNPUBLISHED.asString());
        assertThat(legacy.log()).contains("to=<" + nobody + ">, relay=127.0.0.1[127.0.0.1]:" + gatewayPort());
    }

    @Test
    void aMistypedOnionShouldBounceAtOnceFromPostfixWithTheGatewaysReason() throws Exception {
        // A v3 onion with one character changed: its checksum fails.
        String mistyped = "user@ag6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        String subject = submitToPostfix(mistyped);

        // Postfix's own bounce, with the gateway's reply to RCPT: no retries, no trip through Tor.
        String bounce = legacy.awaitMessage(subject, PATIENCE);
        assertThat(bounce).contains("From: Mail Delivery System <MAILER-DAEMON@" + LEGACY_DOMAIN + ">")
            .contains("Diagnostic-Code: smtp; 553 5.1.3 Not a valid onion address (checksum)")
            .contains(mistyped);
    }

    @Test
    void aLegacyRecipientSentToTheGatewayShouldBeRefusedAtRcptAndNothingRelayed() throws Exception {
        String subject = "gateway-legacy-" + UUID.randomUUID();

        // From 127.0.0.1, which the gateway's authorizedAddresses trusts: only the recipient rule refuses.
        PeerRun swaks = PeerRun.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(gatewayPort()),
            "--ehlo", LEGACY_DOMAIN, "--from", "someone@" + LEGACY_DOMAIN, "--to", LEGACY_USER,
            "--header", "Subject: " + subject);

        assertThat(swaks.exitCode()).as(swaks.toString()).isEqualTo(24);
        assertThat(swaks.output()).as(swaks.toString())
            .contains("<** 550 5.7.1 Relaying denied: this gateway only delivers to .onion recipients");
        // Taken, James's RemoteDelivery would have handed it to the legacy Postfix, whose user it names.
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
            .until(() -> !legacy.mailbox().contains(subject) && !legacy.log().contains("from=<someone@"));
    }

    /** A mail from the Postfix user to {@code recipient}, through Postfix's own sendmail; its subject. */
    private static String submitToPostfix(String recipient) throws Exception {
        String subject = "gateway-" + UUID.randomUUID();
        legacy.sendmail(LEGACY_USER, "From: " + LEGACY_USER + "\n"
            + "To: " + recipient + "\n"
            + "Subject: " + subject + "\n"
            + "\n"
            + "From a legacy provider to an onion.\n");
        return subject;
    }

    // conf/smtpserver-gateway.xml's <smtpserver> element as an administrator pastes it into <smtpservers>.
    private static String shippedListener() {
        String shipped = IntegrationEnvironment.smtorpConfFile(SNIPPET);
        int start = shipped.indexOf("<smtpserver enabled=");
        if (start < 0) {
            throw new IllegalStateException(SNIPPET + " should hold an <smtpserver enabled=...> element");
        }
        return shipped.substring(start);
    }

    private static int gatewayPort() {
        return GATEWAY_PORTS.port(0);
    }
}
