/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * Not a test but a measurement, run only with {@code -Dsmtorp.bench=true} (docs/delivery.md):
 * 100 mails to one onion through OnionRemoteDelivery and the private Tor network, then the
 * same 100 through James's stock RemoteDelivery to the same receiver listener over loopback
 * TLS. Prints total time and median per-mail latency (submitted to the sender until stored
 * by the receiver, by the receiver's clock) of both and their ratio. Asserts only that
 * every mail arrived.
 */
// Checked before any extension starts tor or James.
@EnabledIfSystemProperty(named = "smtorp.bench", matches = "true")
@ExtendWith(PrivateTorNetworkExtension.class)
class DeliveryBenchmarkIT {
    private static final int MAILS = 100;
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final String INBOX = "var/mail/inbox";
    private static final Path RESOURCES = Path.of(System.getProperty("smtorp.testResources"), "conf");
    private static final ServerIdentity RECEIVER = OnionListener.createIdentity("DeliveryBenchmarkIT-receiver");
    private static final ServerIdentity SENDER = OnionListener.createIdentity("DeliveryBenchmarkIT-sender");
    private static final Pattern LAST_UPDATED = Pattern.compile("\"lastUpdated\":\"?([^,\"}]+)");
    // WebAdmin's dates, e.g. 2026-11-29T17:12:39.615+0000 (an offset without a colon).
    private static final DateTimeFormatter WEBADMIN_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (\\S+)");
    // The receiver's trace line names its SMTP session (one per connection) as "ID ...".
    private static final Pattern SESSION = Pattern.compile("(?m)^Received: from .* ID (\\S+)");
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

    @BeforeAll
    static void publishTheReceiver(TorNetwork network) {
        OnionService published = network.onionHost().publishDirectory(RECEIVER.hiddenServiceDir().path(), 25,
            receiver.port("smtps"));
        network.onionHost().awaitUploaded(published, PATIENCE);
    }

    @Test
    void onionDeliveryAgainstStockRemoteDelivery() throws Exception {
        Run onion = run("onion", "bob@" + RECEIVER.onion().asString());
        Run baseline = run("baseline", "bob@bench.test");

        System.out.println(onion);
        System.out.println(baseline);
        System.out.printf("ratio onion/stock: total %.2fx, median latency %.2fx%n",
            (double) onion.total.toMillis() / baseline.total.toMillis(),
            (double) onion.median().toMillis() / baseline.median().toMillis());
        printOnionTransactions();
    }

    /** Where an onion mail's time goes: SmtpExchange's DEBUG line per transaction in the sender's log. */
    private static void printOnionTransactions() throws IOException {
        List<Duration> envelopes = new ArrayList<>();
        List<Duration> messages = new ArrayList<>();
        Matcher line = TRANSACTION.matcher(Files.readString(sender.server().logFile()));
        while (line.find()) {
            envelopes.add(Duration.ofMillis(Long.parseLong(line.group(1))));
            messages.add(Duration.ofMillis(Long.parseLong(line.group(2))));
        }
        if (!envelopes.isEmpty()) {
            System.out.printf("onion transactions (warm-up included): %d, median per session: envelope %d ms, "
                + "message %d ms%n", envelopes.size(), median(envelopes).toMillis(), median(messages).toMillis());
        }
    }

    private static Duration median(List<Duration> durations) {
        List<Duration> sorted = new ArrayList<>(durations);
        sorted.sort(Duration::compareTo);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    /** One warm-up mail (not counted: descriptor, circuits, JIT), then {@value #MAILS} in one SMTP session. */
    private Run run(String name, String recipient) throws Exception {
        String warmUp = name + "-warmup-" + UUID.randomUUID();
        submit(recipient, List.of(warmUp));
        awaitArrivals(Set.of(warmUp), new HashSet<>());
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < MAILS; i++) {
            subjects.add(name + "-" + i + "-" + UUID.randomUUID());
        }
        Map<String, Instant> submitted = submit(recipient, subjects);
        Set<String> sessions = new HashSet<>();
        Map<String, Instant> arrived = awaitArrivals(new HashSet<>(subjects), sessions);
        List<Duration> latencies = new ArrayList<>();
        for (String subject : subjects) {
            latencies.add(Duration.between(submitted.get(subject), arrived.get(subject)));
        }
        Instant first = submitted.values().stream().min(Instant::compareTo).orElseThrow();
        Instant lastSubmitted = submitted.values().stream().max(Instant::compareTo).orElseThrow();
        Instant last = arrived.values().stream().max(Instant::compareTo).orElseThrow();
        return new Run(name, Duration.between(first, last), Duration.between(first, lastSubmitted), latencies,
            sessions.size());
    }

    private static Map<String, Instant> submit(String recipient, List<String> subjects) throws IOException {
        Map<String, Instant> submitted = new LinkedHashMap<>();
        SMTPClient client = new SMTPClient();
        client.connect("127.0.0.1", sender.smtpPort());
        try {
            client.helo("bench.client");
            for (String subject : subjects) {
                assertThat(client.setSender("alice@" + sender.domain())).isTrue();
                assertThat(client.addRecipient(recipient)).as(client.getReplyString()).isTrue();
                assertThat(client.sendShortMessageData("From: alice@" + sender.domain() + "\r\nTo: " + recipient
                    + "\r\nSubject: " + subject + "\r\n\r\nMeasured.\r\n")).as(client.getReplyString()).isTrue();
                submitted.put(subject, Instant.now());
            }
        } finally {
            client.disconnect();
        }
        return submitted;
    }

    /**
     * When the receiver stored each mail (its lastUpdated), polling its repository through WebAdmin;
     * adds the receiver's SMTP sessions that carried them to {@code sessions}.
     */
    private static Map<String, Instant> awaitArrivals(Set<String> subjects, Set<String> sessions) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + receiver.port("webadmin") + "/mailRepositories/"
            + URLEncoder.encode(INBOX, StandardCharsets.UTF_8) + "/mails";
        Map<String, Instant> arrived = new HashMap<>();
        Set<String> seenKeys = new HashSet<>();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!arrived.keySet().containsAll(subjects)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError((subjects.size() - arrived.size()) + " mails did not arrive in " + PATIENCE);
            }
            Matcher keys = Pattern.compile("\"([^\"]+)\"").matcher(get(http, base, "application/json"));
            while (keys.find()) {
                if (!seenKeys.add(keys.group(1))) {
                    continue;
                }
                String mail = base + "/" + URLEncoder.encode(keys.group(1), StandardCharsets.UTF_8).replace("+", "%20");
                String message = get(http, mail, "message/rfc822");
                Matcher subject = SUBJECT.matcher(message);
                Matcher stored = LAST_UPDATED.matcher(get(http, mail, "application/json"));
                if (subject.find() && subjects.contains(subject.group(1)) && stored.find()) {
                    arrived.put(subject.group(1), instant(stored.group(1)));
                    // The first trace line is the receiver's own; unfolded, as OnionDeliveryIT reads it.
                    Matcher session = SESSION.matcher(message.replaceAll("\r\n[ \t]+", " "));
                    if (session.find()) {
                        sessions.add(session.group(1));
                    }
                }
            }
            Thread.sleep(200);
        }
        return arrived;
    }

    private static String get(HttpClient http, String uri, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).header("Accept", accept).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    // WebAdmin writes a date as epoch milliseconds or as ISO text, depending on its JSON settings.
    private static Instant instant(String value) {
        return value.matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(value)) : ZonedDateTime.parse(value, WEBADMIN_DATE).toInstant();
    }

    private static final class Run {
        private final String name;
        private final Duration total;
        private final Duration submission;
        private final List<Duration> latencies;
        private final int connections;

        Run(String name, Duration total, Duration submission, List<Duration> latencies, int connections) {
            this.name = name;
            this.total = total;
            this.submission = submission;
            this.latencies = List.copyOf(latencies);
            this.connections = connections;
        }

        Duration median() {
            return DeliveryBenchmarkIT.median(latencies);
        }

        @Override
        public String toString() {
            return String.format("%-8s %d mails: total %d ms (%.1f mails/s), median latency %d ms, max %d ms, "
                    + "%d connections; submitted in %d ms", name, latencies.size(), total.toMillis(),
                latencies.size() * 1000.0 / total.toMillis(), median().toMillis(),
                latencies.stream().max(Duration::compareTo).orElseThrow().toMillis(), connections,
                submission.toMillis());
        }
    }
}
