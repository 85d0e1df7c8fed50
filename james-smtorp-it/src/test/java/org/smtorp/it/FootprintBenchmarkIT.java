/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.james.JamesServer;
import org.smtorp.lab.tor.TorNetwork;

/**
 * Not a test but a measurement, run only with {@code -Dsmtorp.bench=true} (docs/operations.md,
 * "Footprint"): what SMTorP adds to a James. A: James 3.8.1 with James's own sample configuration
 * of the memory app and SMTorP installed as the README tells an administrator ({@code bin/smtorp
 * install}: our jars, our conf, the onion listener, OnionRemoteDelivery in the relay processor, a
 * managed tor joining the private Tor network). B: the same home and JVM options without the
 * install. Each is measured ({@link JvmFootprint}) after start, then after {@value #MAILS} mails it
 * delivered to a receiver James (an installed home): A over Tor to the receiver's onion, B with
 * James's stock RemoteDelivery to the receiver's port 25 on loopback (a {@code gateway}, the
 * same edit in both homes). A and B run one after the other, never together. Asserts only that
 * the mail arrived.
 */
// Checked before any extension starts tor.
@EnabledIfSystemProperty(named = "smtorp.bench", matches = "true")
@ExtendWith(PrivateTorNetworkExtension.class)
class FootprintBenchmarkIT {
    private static final int MAILS = 100;
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration DELIVERY = Duration.ofMinutes(10);
    // After start or delivery, before the GC: start-up and delivery threads wind down, idle pools shrink.
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String READY = ": READY since";
    private static final String PLAIN_DOMAIN = "receiver.test";

    @RegisterExtension
    static final SampleJamesHomes homes = new SampleJamesHomes();

    @Test
    void jamesWithSmtorpAgainstTheSameJamesWithout(TorNetwork network) throws Exception {
        SampleJamesHome receiverHome = homes.create("FootprintBenchmarkIT-receiver").install(network);
        JamesServer receiver = homes.start(receiverHome, START);
        await().atMost(START).until(() -> receiver.log().contains(READY));
        WebAdmin receiverAdmin = new WebAdmin(receiverHome.port(SampleJamesHome.WEBADMIN));
        String onionRecipient = "bob@" + receiverHome.onion();
        String plainRecipient = "bob@" + PLAIN_DOMAIN;
        receiverAdmin.createUser(onionRecipient, "footprint");
        receiverAdmin.createDomain(PLAIN_DOMAIN);
        receiverAdmin.createUser(plainRecipient, "footprint");

        SampleJamesHome withoutHome = home("FootprintBenchmarkIT-without", receiverHome);
        JamesServer without = homes.start(withoutHome, START);
        Measured b = measure(without, withoutHome, "alice@localhost", plainRecipient, receiverAdmin);
        // B stops before A starts, so that the two never share the machine while measured.
        homes.stop(without);

        SampleJamesHome withHome = home("FootprintBenchmarkIT-with", receiverHome).install(network);
        JamesServer with = homes.start(withHome, START);
        await().atMost(START).until(() -> with.log().contains(READY));
        long withPid = with.pid().orElseThrow();
        Optional<ProcessHandle> tor = ProcessHandle.of(withPid).orElseThrow().descendants()
            .filter(child -> child.info().command().map(command -> command.endsWith("/tor")).orElse(false))
            .findFirst();
        Measured a = measure(with, withHome, "alice@" + withHome.onion(), onionRecipient, receiverAdmin);

        System.out.println("footprint after start: " + a.afterStart.comparedTo(b.afterStart));
        System.out.println("threads added after start: " + a.afterStart.threadsAddedTo(b.afterStart));
        System.out.println("threads missing after start: " + a.afterStart.threadsMissingFrom(b.afterStart));
        System.out.println("footprint after " + MAILS + " mails: " + a.afterMails.comparedTo(b.afterMails));
        System.out.println("threads added after " + MAILS + " mails: " + a.afterMails.threadsAddedTo(b.afterMails));
        System.out.println("threads missing after " + MAILS + " mails: "
            + a.afterMails.threadsMissingFrom(b.afterMails));
        if (tor.isPresent() && tor.get().isAlive()) {
            System.out.println("A's managed tor, a process of its own (pid " + tor.get().pid()
                + ", not in A's RSS): RSS " + JvmFootprint.mib(JvmFootprint.rss(tor.get().pid())) + " MiB");
        }
        System.out.println("delivery of " + MAILS + " mails: A (onion) " + a.delivery.toMillis() + " ms, B (stock) "
            + b.delivery.toMillis() + " ms");
        assertThat(receiverAdmin.get(inbox(onionRecipient)).body()).isEqualTo(Integer.toString(MAILS));
        assertThat(receiverAdmin.get(inbox(plainRecipient)).body()).isEqualTo(Integer.toString(MAILS));
    }

    /** A fresh home whose stock RemoteDelivery hands all mail to the receiver's port 25 on loopback. */
    private static SampleJamesHome home(String name, SampleJamesHome receiver) throws IOException, InterruptedException {
        SampleJamesHome home = homes.create(name);
        String queue = "<outgoingQueue>outgoing</outgoingQueue>";
        home.edit("mailetcontainer.xml", queue, queue + "\n                <gateway>127.0.0.1</gateway>"
            + "\n                <gatewayPort>" + receiver.port(SampleJamesHome.SMTP) + "</gatewayPort>");
        return home;
    }

    /** After start (and settling), then after {@value #MAILS} mails from {@code sender} to {@code recipient} arrived. */
    private static Measured measure(JamesServer james, SampleJamesHome home, String sender, String recipient,
                                    WebAdmin receiverAdmin) throws Exception {
        long pid = james.pid().orElseThrow();
        Thread.sleep(SETTLE.toMillis());
        JvmFootprint afterStart = JvmFootprint.measureAfterGc(pid);
        long begin = System.nanoTime();
        submit(home.port(SampleJamesHome.SMTP), sender, recipient);
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(receiverAdmin.get(inbox(recipient)).body()).isEqualTo(Integer.toString(MAILS)));
        Duration delivery = Duration.ofNanos(System.nanoTime() - begin);
        Thread.sleep(SETTLE.toMillis());
        return new Measured(afterStart, JvmFootprint.measureAfterGc(pid), delivery);
    }

    // James's own port-25 listener relays for 127.0.0.0/8 (authorizedAddresses): a local sender, one session.
    private static void submit(int port, String sender, String recipient) throws IOException {
        SMTPClient client = new SMTPClient();
        client.setDefaultTimeout(30_000);
        client.connect("127.0.0.1", port);
        try {
            assertThat(client.login("footprint.client")).as(client.getReplyString()).isTrue();
            for (int i = 0; i < MAILS; i++) {
                assertThat(client.setSender(sender)).as(client.getReplyString()).isTrue();
                assertThat(client.addRecipient(recipient)).as(client.getReplyString()).isTrue();
                assertThat(client.sendShortMessageData("From: " + sender + "\r\nTo: " + recipient + "\r\nSubject: "
                    + "footprint " + i + "\r\n\r\nMeasured.\r\n")).as(client.getReplyString()).isTrue();
            }
            client.logout();
        } finally {
            client.disconnect();
        }
    }

    private static String inbox(String user) {
        return "/users/" + user + "/mailboxes/INBOX/messageCount";
    }

    private static final class Measured {
        private final JvmFootprint afterStart;
        private final JvmFootprint afterMails;
        private final Duration delivery;

        Measured(JvmFootprint afterStart, JvmFootprint afterMails, Duration delivery) {
            this.afterStart = afterStart;
            this.afterMails = afterMails;
            this.delivery = delivery;
        }
    }
}
