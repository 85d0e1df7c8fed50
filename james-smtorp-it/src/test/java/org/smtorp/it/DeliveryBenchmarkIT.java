/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.it.BenchmarkRound.OnionTransactions;
import org.smtorp.it.RepositoryArrivals.Arrival;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Not a test but a measurement, run only with {@code -Dsmtorp.bench=true} (docs/delivery.md,
 * "Benchmark"), {@code -Dsmtorp.bench.runs=N} rounds (default 1) on one Tor network and the same
 * James processes. A round: 100 mails to one onion through OnionRemoteDelivery and the private Tor
 * network, then the same 100 through James's stock RemoteDelivery to the same receiver listener
 * over loopback TLS, each as submitted; then both again with all 100 held by the sender before
 * delivery and released at once; then 20 mails to each of five onions through an
 * OnionRemoteDelivery with the shipped defaults, one of the five a tarpit, against the same mails
 * to the four good ones alone. Prints the figures of each round and, for several rounds, their
 * medians. Asserts only that every mail arrived, except beside the tarpit: there the four get
 * {@link #BESIDE_TARPIT_PATIENCE}, and what did not arrive by then makes the figures lower bounds.
 */
// Checked before any extension starts tor or James.
@EnabledIfSystemProperty(named = "smtorp.bench", matches = "true")
@ExtendWith(PrivateTorNetworkExtension.class)
class DeliveryBenchmarkIT {
    private static final int MAILS = 100;
    private static final int PER_DESTINATION = 20;
    private static final int GOOD_DESTINATIONS = 4;
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    /** How long the tarpit holds each session before it answers EHLO, with a 421. */
    private static final Duration STALL = Duration.ofSeconds(30);
    /**
     * How long the four good destinations get beside the tarpit: a delivery engine whose threads
     * wait for the tarpit can starve them for many minutes (its retries come back every minute).
     */
    private static final Duration BESIDE_TARPIT_PATIENCE = Duration.ofMinutes(3);
    private static final String INBOX = "var/mail/inbox";
    private static final String HOLD = "var/mail/hold";
    /** The sender's mailetcontainer.xml: held in HOLD until reprocessed into "release". */
    private static final String HELD = "X-Bench-Hold: yes\r\n";
    /** The sender's mailetcontainer.xml: delivered by the OnionRemoteDelivery with the shipped defaults. */
    private static final String DEFAULTS = "X-Bench-Defaults: yes\r\n";
    private static final String DEFAULTS_QUEUE = "smtorp-defaults";
    private static final Path RESOURCES = Path.of(System.getProperty("smtorp.testResources"), "conf");
    private static final ServerIdentity RECEIVER = OnionListener.createIdentity("DeliveryBenchmarkIT-receiver");
    private static final ServerIdentity SENDER = OnionListener.createIdentity("DeliveryBenchmarkIT-sender");
    private static final List<ServerIdentity> GOOD = IntStream.rangeClosed(1, GOOD_DESTINATIONS)
        .mapToObj(i -> OnionListener.createIdentity("DeliveryBenchmarkIT-good-" + i)).collect(Collectors.toList());
    private static final ServerIdentity TARPIT = OnionListener.createIdentity("DeliveryBenchmarkIT-tarpit");
    private static final Pattern TRANSACTION = Pattern.compile("took the mail: envelope (\\d+) ms pipelined, message (\\d+) ms");

    // The receiver first: the sender's configuration names its port.
    @Order(1)
    @RegisterExtension
    static JamesServerExtension receiver = JamesServerExtension.withSmtorp(RECEIVER.onion().asString())
        .withPort("smtps")
        .withPort("webadmin")
        .configuredWith(conf -> conf
            .confLayer(RESOURCES.resolve("onion-receiver"))
            .confLayer(RESOURCES.resolve("bench-receiver"))
            .value("keystore", RECEIVER.keyStoreFile().toAbsolutePath())
            .value("secret", new String(RECEIVER.keyStorePassword())));

    @Order(2)
    @RegisterExtension
    static JamesServerExtension sender = JamesServerExtension.withSmtorp(SENDER.onion().asString())
        .withPort("webadmin")
        .configuredWith(conf -> conf
            .confLayer(RESOURCES.resolve("bench-sender"))
            .value("identity", SENDER.directory().toAbsolutePath())
            .value("baselinePort", receiver.port("smtps")))
        .configuredInContext((conf, context) -> conf
            .value("socksPort", PrivateTorNetworkExtension.network(context).socksAddress().getPort()));

    private final WebAdmin senderAdmin = new WebAdmin(sender.port("webadmin"));
    private final RepositoryArrivals inbox = new RepositoryArrivals(new WebAdmin(receiver.port("webadmin")), INBOX);

    /** The receiver's onion, and four more that tor forwards to the same listener, each a domain of the receiver. */
    @BeforeAll
    static void publishTheReceiver(TorNetwork network) throws Exception {
        List<OnionService> published = new ArrayList<>();
        published.add(network.onionHost().publishDirectory(RECEIVER.hiddenServiceDir().path(), 25,
            receiver.port("smtps")));
        WebAdmin receiverAdmin = new WebAdmin(receiver.port("webadmin"));
        for (ServerIdentity good : GOOD) {
            published.add(network.onionHost().publishDirectory(good.hiddenServiceDir().path(), 25,
                receiver.port("smtps")));
            receiverAdmin.createDomain(good.onion().asString());
        }
        published.forEach(service -> network.onionHost().awaitUploaded(service, PATIENCE));
        for (OnionService service : published) {
            reach(network, service);
        }
    }

    /**
     * Connects once through the client tor the sender uses, retrying, so that the onion is reachable
     * before any clock starts: a fresh onion's first descriptor lookup may fail, and tor then backs
     * off before it asks again.
     */
    private static void reach(TorNetwork network, OnionService service) throws IOException {
        OnionClient.open(network.socksAddress(), service.onion(), 25, PATIENCE).close();
    }

    @Test
    void onionDeliveryAgainstStockRemoteDelivery(TorNetwork network) throws Exception {
        int rounds = Integer.getInteger("smtorp.bench.runs", 1);
        try (Tarpit tarpit = Tarpit.start(TARPIT, STALL)) {
            OnionService published = network.onionHost().publishDirectory(TARPIT.hiddenServiceDir().path(), 25,
                tarpit.port());
            network.onionHost().awaitUploaded(published, PATIENCE);
            reach(network, published);
            List<BenchmarkRound> measured = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    System.out.printf("round %d of %d%n", round, rounds);
                }
                measured.add(round(tarpit));
            }
            if (rounds > 1) {
                BenchmarkRound.printMedians(measured);
            }
        }
    }

    private BenchmarkRound round(Tarpit tarpit) throws Exception {
        String onionRecipient = "bob@" + RECEIVER.onion().asString();
        long logStart = Files.size(sender.server().logFile());
        DeliveryRun onion = run("onion", onionRecipient);
        DeliveryRun baseline = run("baseline", "bob@bench.test");
        System.out.println(onion);
        System.out.println(baseline);
        System.out.println("ratio onion/stock: " + onion.ratioTo(baseline));
        Optional<OnionTransactions> transactions = onionTransactions(logStart);
        transactions.ifPresent(System.out::println);

        DeliveryRun heldOnion = held("held onion", onionRecipient);
        DeliveryRun heldBaseline = held("held baseline", "bob@bench.test");
        System.out.println(heldOnion);
        System.out.println(heldBaseline);
        System.out.println("held ratio onion/stock: " + heldOnion.ratioTo(heldBaseline));

        List<String> good = GOOD.stream().map(identity -> "bob@" + identity.onion().asString())
            .collect(Collectors.toList());
        List<String> withTarpit = new ArrayList<>(good);
        withTarpit.add("bob@" + TARPIT.onion().asString());
        warmUp("spread", good, DEFAULTS);
        DeliveryRun alone = spread("4 alone", good, PATIENCE);
        assertThat(alone.complete()).as("every mail to the four good destinations arrived").isTrue();
        tarpit.arm();
        DeliveryRun beside = spread("4+tarpit", withTarpit, BESIDE_TARPIT_PATIENCE);
        int tarpitSessions = tarpit.sessions();
        tarpit.drain(senderAdmin, DEFAULTS_QUEUE, PATIENCE);
        System.out.println(alone);
        System.out.println(beside + "; the tarpit held " + tarpitSessions + " sessions");
        BenchmarkRound round = new BenchmarkRound(onion, baseline, transactions, heldOnion, heldBaseline, alone, beside);
        System.out.println(round.tarpitLine());
        return round;
    }

    /** One warm-up mail (not counted: descriptor, circuits, JIT), then {@value #MAILS} in one SMTP session. */
    private DeliveryRun run(String name, String recipient) throws Exception {
        warmUp(name, List.of(recipient), "");
        Map<String, String> mails = batch(name, List.of(recipient), MAILS);
        Map<String, Instant> submitted = submit(mails, "");
        return measured(name, submitted, mails.keySet(), inbox.await(mails.keySet(), PATIENCE),
            "submitted in " + submission(submitted).toMillis() + " ms");
    }

    /**
     * Every mail submitted and held by the sender (its transport keeps a marked mail in {@value #HOLD}),
     * then released at once, WebAdmin reprocessing them into the processor that unmarks them; the
     * clock of each starts at the release.
     */
    private DeliveryRun held(String name, String recipient) throws Exception {
        warmUp(name, List.of(recipient), "");
        Map<String, String> mails = batch(name.replace(' ', '-'), List.of(recipient), MAILS);
        submit(mails, HELD);
        String held = "/mailRepositories/" + WebAdmin.encode(HOLD) + "/mails";
        Instant deadline = Instant.now().plus(PATIENCE);
        while (senderAdmin.getJson(held).size() < MAILS) {
            assertThat(Instant.now()).as("the sender holds all " + MAILS + " mails").isBefore(deadline);
            Thread.sleep(100);
        }
        Instant released = Instant.now();
        senderAdmin.runTask("PATCH", held + "?action=reprocess&processor=release");
        Duration releasing = Duration.between(released, Instant.now());
        Map<String, Instant> start = new LinkedHashMap<>();
        mails.keySet().forEach(subject -> start.put(subject, released));
        return measured(name, start, mails.keySet(), inbox.await(mails.keySet(), PATIENCE),
            "held, released by one WebAdmin task in " + releasing.toMillis() + " ms");
    }

    /**
     * {@value #PER_DESTINATION} mails to each destination through the OnionRemoteDelivery with the
     * shipped defaults, submitted round robin; measured to the last arrival at a good destination,
     * within {@code allowed}. The tarpit's mail is not awaited.
     */
    private DeliveryRun spread(String name, List<String> destinations, Duration allowed) throws Exception {
        Map<String, String> mails = batch(name.replace(' ', '-'), destinations, destinations.size() * PER_DESTINATION);
        Map<String, Instant> submitted = submit(mails, DEFAULTS);
        Set<String> good = mails.entrySet().stream()
            .filter(mail -> GOOD.stream().anyMatch(identity -> mail.getValue().endsWith("@" + identity.onion().asString())))
            .map(Map.Entry::getKey).collect(Collectors.toSet());
        return measured(name, submitted, good, inbox.arrivedWithin(good, allowed),
            mails.size() + " submitted in "
            + submission(submitted).toMillis() + " ms" + (good.size() < mails.size()
            ? ", " + (mails.size() - good.size()) + " of them to the tarpit, not awaited" : ""));
    }

    /** One mail to each recipient, awaited and not counted: descriptors, circuits, pins, JIT. */
    private void warmUp(String name, List<String> recipients, String marker) throws Exception {
        Map<String, String> mails = batch(name.replace(' ', '-') + "-warmup", recipients, recipients.size());
        submit(mails, marker);
        inbox.await(mails.keySet(), PATIENCE);
        inbox.clear();
    }

    /** {@code count} mails by unique Subject, to the recipients in turn. */
    private static Map<String, String> batch(String name, List<String> recipients, int count) {
        Map<String, String> mails = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            mails.put(name + "-" + i + "-" + UUID.randomUUID(), recipients.get(i % recipients.size()));
        }
        return mails;
    }

    /** Submits the mails (Subject to recipient) in one SMTP session, each with {@code marker} as a header line. */
    private static Map<String, Instant> submit(Map<String, String> mails, String marker) throws IOException {
        Map<String, Instant> submitted = new LinkedHashMap<>();
        SMTPClient client = new SMTPClient();
        client.connect("127.0.0.1", sender.smtpPort());
        try {
            client.helo("bench.client");
            for (Map.Entry<String, String> mail : mails.entrySet()) {
                assertThat(client.setSender("alice@" + sender.domain())).isTrue();
                assertThat(client.addRecipient(mail.getValue())).as(client.getReplyString()).isTrue();
                assertThat(client.sendShortMessageData("From: alice@" + sender.domain() + "\r\nTo: " + mail.getValue()
                    + "\r\nSubject: " + mail.getKey() + "\r\n" + marker + "\r\nMeasured.\r\n"))
                    .as(client.getReplyString()).isTrue();
                submitted.put(mail.getKey(), Instant.now());
            }
        } finally {
            client.disconnect();
        }
        return submitted;
    }

    private static Duration submission(Map<String, Instant> submitted) {
        return Duration.between(submitted.values().stream().min(Instant::compareTo).orElseThrow(),
            submitted.values().stream().max(Instant::compareTo).orElseThrow());
    }

    /**
     * From the earliest start to the last arrival of the {@code awaited} mails, or to now, a lower
     * bound, when some did not arrive; each mail's latency from its own start. Empties the inbox.
     */
    private DeliveryRun measured(String name, Map<String, Instant> starts, Set<String> awaited,
                                 Map<String, Arrival> arrived, String handedOver) throws Exception {
        Instant now = Instant.now();
        Instant first = starts.values().stream().min(Instant::compareTo).orElseThrow();
        Instant last = arrived.size() < awaited.size() ? now
            : arrived.values().stream().map(Arrival::stored).max(Instant::compareTo).orElseThrow();
        List<Duration> latencies = new ArrayList<>();
        List<Duration> waited = new ArrayList<>();
        for (String subject : awaited) {
            Optional.ofNullable(arrived.get(subject)).ifPresentOrElse(
                arrival -> latencies.add(Duration.between(starts.get(subject), arrival.stored())),
                () -> waited.add(Duration.between(starts.get(subject), now)));
        }
        long sessions = arrived.values().stream().map(Arrival::session).flatMap(Optional::stream).distinct().count();
        inbox.clear();
        return new DeliveryRun(name, Duration.between(first, last), latencies, waited, (int) sessions, handedOver);
    }

    /** Where an onion mail's time goes: SmtpExchange's DEBUG line per transaction in the sender's log since {@code from}. */
    private static Optional<OnionTransactions> onionTransactions(long from) throws IOException {
        byte[] log = Files.readAllBytes(sender.server().logFile());
        List<Duration> envelopes = new ArrayList<>();
        List<Duration> messages = new ArrayList<>();
        Matcher line = TRANSACTION.matcher(new String(Arrays.copyOfRange(log, (int) from, log.length), StandardCharsets.UTF_8));
        while (line.find()) {
            envelopes.add(Duration.ofMillis(Long.parseLong(line.group(1))));
            messages.add(Duration.ofMillis(Long.parseLong(line.group(2))));
        }
        return envelopes.isEmpty() ? Optional.empty()
            : Optional.of(new OnionTransactions(envelopes.size(), DeliveryRun.median(envelopes), DeliveryRun.median(messages)));
    }
}
