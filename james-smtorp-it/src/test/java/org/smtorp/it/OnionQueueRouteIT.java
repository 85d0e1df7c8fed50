/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.protocol.identity.ServerIdentity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real sender James mails a valid v3 onion that nobody publishes on the private Tor network;
 * while OnionRemoteDelivery waits to try again, WebAdmin's {@code GET /smtorp/queue} lists the
 * mail with its destination onion, its failed attempt, the next attempt ahead and why the last
 * failed; after the last retry bounces it, the mail is no longer listed.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class OnionQueueRouteIT {
    private static final String ONION = "lhnmvqkcfxadsfihyzdcfewoxln2ohal47qbebgpnm76a37mauqbavad.onion";
    private static final String NOBODY = "nobody@" + ONION;
    private static final String QUEUE = "/smtorp/queue";
    /** Long enough to read the route while the mail waits, short enough to see the bounce within the test. */
    private static final Duration RETRY_DELAY = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ServerIdentity SENDER = IntegrationEnvironment.freshIdentity("OnionQueueRouteIT-sender");

    @RegisterExtension
    static JamesServerExtension sender = OnionSender.james(SENDER)
        .configuredWith(conf -> conf
            .confFile("webadmin.properties", "enabled=true\n"
                + "port={{port." + OnionSender.WEBADMIN + "}}\n"
                + "host=127.0.0.1\n"
                + "extensions.routes=org.smtorp.extension.webadmin.SmtorpRoutes\n")
            .value("delayTime", RETRY_DELAY.toSeconds() + " seconds")
            .value("maxRetries", 1));

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void mailToAnUnreachableOnionShouldBeListedWhileItWaitsAndGoneOnceBounced() throws Exception {
        String subject = LabMail.send(sender, NOBODY);

        List<JsonNode> found = new ArrayList<>();
        List<Instant> readAt = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            readAt.add(0, Instant.now());
            Optional<JsonNode> entry = waitingFor(ONION);
            entry.ifPresent(found::add);
            return entry.isPresent();
        });
        JsonNode waiting = found.get(0);
        assertThat(waiting.get("id").asText()).isNotBlank();
        assertThat(waiting.get("onions")).extracting(JsonNode::asText).containsExactly(ONION);
        assertThat(waiting.get("domains")).isEmpty();
        assertThat(waiting.get("recipients").asInt()).isEqualTo(1);
        assertThat(waiting.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(Instant.parse(waiting.get("nextAttempt").asText())).isAfter(readAt.get(0));
        assertThat(waiting.get("lastError").isTextual()).as(waiting.toString()).isTrue();
        assertThat(waiting.get("lastError").asText()).isNotBlank().matches("[\\x20-\\x7e]+");

        // Reading is not taking: the mail is still there, unchanged, for a second read.
        assertThat(waitingFor(ONION)).contains(waiting);

        LabMail.awaitMail(sender, subject, PATIENCE.plus(RETRY_DELAY));
        String id = waiting.get("id").asText();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(entries()).noneMatch(entry -> entry.get("id").asText().equals(id)));
    }

    private Optional<JsonNode> waitingFor(String onion) throws Exception {
        for (JsonNode entry : entries()) {
            for (JsonNode listed : entry.get("onions")) {
                if (listed.asText().equals(onion)) {
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }

    private List<JsonNode> entries() throws Exception {
        HttpResponse<String> response = new WebAdmin(sender.port(OnionSender.WEBADMIN)).get(QUEUE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        json.readTree(response.body()).forEach(entries::add);
        return entries;
    }
}
