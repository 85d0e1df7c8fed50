/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.dns.DnsZone;
import org.smtorp.lab.dns.KnotServer;
import org.smtorp.lab.dns.QueryRecorder;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.discovery.OnionMxRecord;
import org.smtorp.protocol.discovery.SmtorpRecord;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * The upgrade path end to end: a sender James whose discovery asks a real DNS server on
 * 127.0.0.1 (knot, DNSSEC required) delivers mail to {@code bob@<legacy domain>} over the
 * private Tor network to the receiving James on the onion the domain's records name. The
 * sender has no other way out: what gets no Tor route lands in its {@code legacy} repository,
 * where RemoteDelivery would take it.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class DiscoveryDeliveryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Path RESOURCES = Path.of(System.getProperty("smtorp.testResources"), "conf");

    private static final ServerIdentity RECEIVER = OnionListener.createIdentity("DiscoveryDeliveryIT-receiver");
    private static final ServerIdentity SENDER = OnionListener.createIdentity("DiscoveryDeliveryIT-sender");
    /** Signed, with our TXT record (onion and pin) and an onionmx SRV record. */
    private static final String PINNED = "pinned.test";
    /** Signed, with only an onionmx SRV record: no pin, trust on first use. */
    private static final String SRV_ONLY = "srv-only.test";
    /** The same records as {@link #PINNED}, unsigned: DNSSEC require ignores them. */
    private static final String UNSIGNED = "unsigned.test";
    /** Signed, two onionmx SRV records: first an onion nobody publishes, then the receiver's. */
    private static final String FAIL_OVER = "fail-over.test";
    /** Served by no zone of the test's knot: it answers REFUSED. */
    private static final String NOT_ANSWERED = "not-answered.test";
    private static final ServerIdentity ABSENT = OnionListener.createIdentity("DiscoveryDeliveryIT-absent");

    // Before any James starts: the sender's smtorp.properties names the recorder and the anchors.
    private static final KnotServer KNOT = KnotServer.start(IntegrationEnvironment.workDir()
        .resolve("DiscoveryDeliveryIT-knot"), List.of(
            DnsZone.signed(PINNED).withTxt(SmtorpRecord.LABEL, txt()).with(OnionMxRecord.LABEL + " SRV " + srv()),
            DnsZone.signed(SRV_ONLY).with(OnionMxRecord.LABEL + " SRV " + srv()),
            DnsZone.signed(FAIL_OVER).with(OnionMxRecord.LABEL + " SRV " + OnionMxRecord.of(10, 0, 25, ABSENT.onion())
                .asString()).with(OnionMxRecord.LABEL + " SRV " + OnionMxRecord.of(20, 0, 25, RECEIVER.onion()).asString()),
            DnsZone.unsigned(UNSIGNED).withTxt(SmtorpRecord.LABEL, txt()).with(OnionMxRecord.LABEL + " SRV " + srv())));
    private static final QueryRecorder DNS = QueryRecorder.inFrontOf(KNOT.address());
    private static final Path ANCHORS = anchors(PINNED, SRV_ONLY, FAIL_OVER);

    @RegisterExtension
    static JamesServerExtension receiver = OnionListener.jamesOffering(RECEIVER, "argon2id=3", "sha256=off",
            "hashcash=off")
        .configuredWith(conf -> conf.confLayer(RESOURCES.resolve("onion-receiver")));

    @RegisterExtension
    static JamesServerExtension sender = JamesServerExtension.withSmtorp(SENDER.domain().withoutFingerprint().asString())
        .withPort("webadmin")
        .configuredWith(conf -> conf
            .confLayer(RESOURCES.resolve("onion-sender"))
            .confLayer(RESOURCES.resolve("discovery-sender"))
            .value("identity", SENDER.directory().toAbsolutePath())
            .value("dnsResolver", DNS.hostPort())
            .value("trustAnchor", ANCHORS))
        .configuredInContext((conf, context) -> conf
            .value("socksPort", PrivateTorNetworkExtension.network(context).socksAddress().getPort()));

    private static final String INBOX = "var/mail/inbox";
    private static final String LEGACY_REPOSITORY = "var/mail/legacy";
    private static ReceivedMails legacy;
    private static OnionService published;
    private static TorNetwork tor;

    private static String txt() {
        return SmtorpRecord.of(RECEIVER.onion(), RECEIVER.fingerprint()).asString();
    }

    private static String srv() {
        return OnionMxRecord.of(10, 0, 25, RECEIVER.onion()).asString();
    }

    private static Path anchors(String... zones) {
        try {
            List<String> lines = new ArrayList<>();
            for (String zone : zones) {
                lines.addAll(Files.readAllLines(KNOT.trustAnchor(zone)));
            }
            return Files.write(IntegrationEnvironment.workDir().resolve("DiscoveryDeliveryIT-anchors.ds"), lines, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void publishTheReceiver(TorNetwork network) throws Exception {
        WebAdmin webAdmin = new WebAdmin(receiver.port(OnionListener.WEBADMIN));
        for (String domain : List.of(PINNED, SRV_ONLY, UNSIGNED, FAIL_OVER)) {
            webAdmin.createDomain(domain);
            webAdmin.createUser("bob@" + domain, "bobs-password");
        }
        legacy = new ReceivedMails(sender.port("webadmin"), LEGACY_REPOSITORY);
        tor = network;
        published = OnionListener.publish(network, RECEIVER, receiver, PATIENCE);
    }

    @AfterAll
    static void stop() {
        if (published != null) {
            tor.onionHost().unpublish(published);
        }
        DNS.close();
        KNOT.close();
    }

    @Test
    void mailToADomainPublishingItsOnionShouldArriveOverTorPinnedToThePublishedKey() throws Exception {
        String subject = send("bob@" + PINNED);

        String mail = awaitMail(receiver, INBOX, subject);
        // Over the onion listener, from our onion (its trace line), RCPT TO still the recipient's own address.
        assertThat(mail).contains("EHLO " + SENDER.onion().asString()).contains("\"recipients\":[\"bob@" + PINNED + "\"]");
        assertThat(sender.server().logFile()).content()
            .contains("mail to " + PINNED + " goes over Tor to " + RECEIVER.onion().asString() + ":25 pinned to "
                + RECEIVER.fingerprint().asString() + " (DNSSEC-validated _smtorp TXT of " + PINNED + ")")
            .contains("TLS pin verified for " + RECEIVER.onion().asString());
        assertThat(legacy.all(subject)).isEmpty();
    }

    @Test
    void mailToADomainWithOnlyAnSrvRecordShouldArriveTrustedOnFirstUse() throws Exception {
        String subject = send("bob@" + SRV_ONLY);

        awaitMail(receiver, INBOX, subject);
        assertThat(sender.server().logFile()).content().contains("mail to " + SRV_ONLY + " goes over Tor to "
            + RECEIVER.onion().asString() + ":25 (trust on first use)");
        assertThat(sender.server().workingDirectory().resolve("var/smtorp/pins")
            .resolve(RECEIVER.onion().serviceId() + ".pin")).content().contains(RECEIVER.fingerprint().asString());
    }

    @Test
    void mailShouldGoToTheNextOnionmxTargetWhenTheFirstCannotBeReached() throws Exception {
        String subject = send("bob@" + FAIL_OVER);

        awaitMail(receiver, INBOX, subject);
        assertThat(sender.server().logFile()).content()
            .contains("temporary failure at " + ABSENT.onion().asString())
            .contains("trying " + RECEIVER.onion().asString());
        assertThat(legacy.all(subject)).isEmpty();
    }

    @Test
    void mailToADomainWithOnlyUnsignedRecordsShouldStayWithLegacyDelivery() throws Exception {
        String subject = send("bob@" + UNSIGNED);

        awaitMail(sender, LEGACY_REPOSITORY, subject);
        assertThat(new ReceivedMails(receiver.port(OnionListener.WEBADMIN), INBOX).all(subject)).isEmpty();
    }

    /**
     * The DNS server refuses to answer for this domain (as a path attacker could make it): under
     * dnssec=require the mail is held and retried, then bounced naming the failed look-up; it
     * never leaves in clear through the legacy way.
     */
    @Test
    void mailToADomainWhoseLookUpFailsShouldBeHeldThenBouncedNeverSentInClear() throws Exception {
        String subject = send("bob@" + NOT_ANSWERED);

        String bounce = awaitMail(sender, INBOX, subject);
        assertThat(bounce).contains("gave up after").contains("DNS discovery for " + NOT_ANSWERED + " failed");
        assertThat(legacy.all(subject)).isEmpty();
    }

    @Test
    void discoveryShouldAskDnsForNoOnionName() throws Exception {
        String subject = send("bob@" + PINNED);

        awaitMail(receiver, INBOX, subject);
        assertThat(DNS.queries()).contains("_smtorp." + PINNED + ".", "_onion-mx._tcp." + PINNED + ".")
            .noneMatch(name -> name.toLowerCase(Locale.ROOT).matches("(.*\\.)?onion\\.?"));
    }

    private static String send(String recipient) throws IOException {
        String subject = "discovered-" + UUID.randomUUID();
        SMTPClient client = new SMTPClient();
        client.connect("127.0.0.1", sender.smtpPort());
        try {
            client.helo("client.example");
            assertThat(client.setSender("alice@" + sender.domain())).as(client.getReplyString()).isTrue();
            assertThat(client.addRecipient(recipient)).as(client.getReplyString()).isTrue();
            assertThat(client.sendShortMessageData("From: alice@" + sender.domain() + "\r\nTo: " + recipient
                + "\r\nSubject: " + subject + "\r\n\r\nHello, upgraded to Tor.\r\n")).as(client.getReplyString())
                .isTrue();
        } finally {
            client.disconnect();
        }
        return subject;
    }

    /** The JSON of the mail holding {@code needle} in a repository, as WebAdmin gives it. */
    private static String awaitMail(JamesServerExtension james, String repository, String needle) {
        ReceivedMails mails = new ReceivedMails(james.port("webadmin"), repository);
        List<String> found = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            found.addAll(mails.all(needle));
            return !found.isEmpty();
        });
        return found.get(0);
    }
}
