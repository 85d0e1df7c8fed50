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

/** James's WebAdmin REST API on loopback: the tests' way to create users and domains. */
final class WebAdmin {
    private static final int NO_CONTENT = 204;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
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
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code DELETE path}: the status code. */
    int delete(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .DELETE()
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void put(String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .PUT(body)
            .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != NO_CONTENT) {
            throw new IllegalStateException("PUT " + path + " answered " + response.statusCode() + ": "
                + response.body());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
