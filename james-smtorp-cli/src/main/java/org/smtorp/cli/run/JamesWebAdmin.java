/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The James WebAdmin on loopback that run configured: the onion service status and user creation. */
final class JamesWebAdmin {
    private static final int OK = 200;
    private static final int NO_CONTENT = 204;
    private static final int NOT_FOUND = 404;
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Pattern PROGRESS = Pattern.compile("\"bootstrapProgress\"\\s*:\\s*(\\d+)");
    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Endpoint endpoint;

    JamesWebAdmin(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** {@code GET /smtorp/status}, or empty while WebAdmin does not answer. */
    Optional<Status> status() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(request("/smtorp/status").GET().build(),
                HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == OK ? Status.parse(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code PUT /users/{user}}: creates the user, or sets the password of an existing one. */
    void createUser(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request("/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != NO_CONTENT) {
            throw new IOException("WebAdmin refused to create " + user + " (" + response.statusCode() + "): "
                + response.body());
        }
    }

    /** How many messages the user's mailbox holds: 0 while it does not exist (James makes INBOX at first delivery). */
    long messageCount(String user, String mailbox) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request("/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "/mailboxes/" + URLEncoder.encode(mailbox, StandardCharsets.UTF_8) + "/messageCount").GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == NOT_FOUND) {
            return 0;
        }
        if (response.statusCode() != OK) {
            throw new IOException("WebAdmin did not count " + user + "'s " + mailbox + " (" + response.statusCode()
                + "): " + response.body());
        }
        return Long.parseLong(response.body().strip());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + endpoint.asString() + path)).timeout(Duration.ofSeconds(10));
    }

    /** The parts of {@code /smtorp/status} run prints. */
    static final class Status {
        private final String state;
        private final int bootstrapProgress;
        private final Optional<String> detail;

        private Status(String state, int bootstrapProgress, Optional<String> detail) {
            this.state = state;
            this.bootstrapProgress = bootstrapProgress;
            this.detail = detail;
        }

        static Optional<Status> parse(String json) {
            Matcher state = STATE.matcher(json);
            if (!state.find()) {
                return Optional.empty();
            }
            Matcher progress = PROGRESS.matcher(json);
            Matcher detail = DETAIL.matcher(json);
            return Optional.of(new Status(state.group(1), progress.find() ? Integer.parseInt(progress.group(1)) : 0,
                detail.find() ? Optional.of(detail.group(1).replace("\\\"", "\"")) : Optional.empty()));
        }

        String state() {
            return state;
        }

        boolean isReady() {
            return "READY".equals(state);
        }

        /** "BOOTSTRAPPING 45%", "READY (descriptor uploaded)": changes when anything printed changes. */
        String describe() {
            return state + ("BOOTSTRAPPING".equals(state) ? " " + bootstrapProgress + "%" : "")
                + detail.map(text -> " (" + text + ")").orElse("");
        }
    }
}
