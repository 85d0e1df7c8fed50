/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * James's WebAdmin REST API on loopback: the tests' way to create users and domains, read mail
 * repositories and queues, and run WebAdmin tasks.
 */
final class WebAdmin {
    private static final int NO_CONTENT = 204;
    private static final int CREATED = 201;
    private static final Duration TASK_PATIENCE = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final int port;

    WebAdmin(int port) {
        this.port = port;
    }

    /** {@code PUT /domains/{domain}}: a local domain of James. */
    void createDomain(String domain) throws IOException, InterruptedException {
        put("/domains/" + encode(domain), HttpRequest.BodyPublishers.noBody());
    }

    /** {@code PUT /users/{user}}: a user with a mailbox, {@code user@domain} under virtual hosting. */
    void createUser(String user, String password) throws IOException, InterruptedException {
        put("/users/" + encode(user), HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}"));
    }

    /** {@code GET path}: status code and body, whatever the status. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = request(path)
            .GET()
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET path} asking for {@code accept}: the body; anything but 200 fails. */
    String get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = request(path)
            .header("Accept", accept)
            .GET()
            .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** {@code GET path} of a JSON resource, parsed. */
    JsonNode getJson(String path) throws IOException, InterruptedException {
        return json.readTree(get(path, "application/json"));
    }

    /**
     * Runs a WebAdmin task to its end: {@code method path} (e.g. {@code PATCH} a repository's mails with
     * {@code action=reprocess}, {@code DELETE} a queue's mails), then {@code GET /tasks/<id>/await}; a task that
     * did not complete fails.
     */
    void runTask(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = request(path)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
        HttpResponse<String> started = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != CREATED) {
            throw new IllegalStateException(method + " " + path + " answered " + started.statusCode() + ": "
                + started.body());
        }
        String task = json.readTree(started.body()).path("taskId").asText();
        JsonNode ended = json.readTree(get("/tasks/" + encode(task) + "/await?timeout="
            + TASK_PATIENCE.toSeconds() + "s", "application/json"));
        if (!ended.path("status").asText().equals("completed")) {
            throw new IllegalStateException(method + " " + path + ": task " + task + " ended " + ended);
        }
    }

    /** {@code DELETE path}: the status code. */
    int delete(String path) throws IOException, InterruptedException {
        HttpRequest request = request(path)
            .DELETE()
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void put(String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest request = request(path)
            .header("Content-Type", "application/json")
            .PUT(body)
            .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != NO_CONTENT) {
            throw new IllegalStateException("PUT " + path + " answered " + response.statusCode() + ": "
                + response.body());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    /** One path segment, e.g. a mail repository's path {@code var/mail/inbox}, URL-encoded. */
    static String encode(String segment) {
        // URLEncoder writes a space as '+', which a path reads as a plus sign.
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
