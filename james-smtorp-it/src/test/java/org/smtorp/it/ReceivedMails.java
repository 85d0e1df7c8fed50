/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;

/**
 * The mails James's spool stored in one mail repository, read over WebAdmin as JSON
 * ({@code GET /mailRepositories/{path}/mails/{key}?additionalFields=attributes,headers}):
 * what James accepted and processed, with its attributes, as James itself reports it.
 */
final class ReceivedMails {
    private static final int OK = 200;
    private static final int NOT_FOUND = 404;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    // The keys are a JSON array of James's mail names, which hold no quotes.
    private static final Pattern KEY = Pattern.compile("\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final int port;
    private final String repository;

    /** @param repository as WebAdmin names it: the path without the protocol, e.g. {@code var/mail/received} */
    ReceivedMails(int port, String repository) {
        this.port = port;
        this.repository = encode(repository);
    }

    /** The JSON of the mail that holds {@code text} (e.g. a unique subject), once the spool has stored it. */
    String awaitMail(String text) throws IOException, InterruptedException {
        AtomicReference<String> found = new AtomicReference<>();
        try {
            await().atMost(PATIENCE).until(() -> {
                Optional<String> mail = all(text).stream().findFirst();
                mail.ifPresent(found::set);
                return mail.isPresent();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no mail holding " + text + " in " + repository + " within " + PATIENCE
                + "; it holds: " + all(""), e);
        }
        return found.get();
    }

    /** The JSON of every stored mail that holds {@code text}; none is an answer too. */
    List<String> all(String text) throws IOException, InterruptedException {
        List<String> mails = new ArrayList<>();
        for (String key : keys()) {
            String mail = checked(get("/mails/" + encode(key) + "?additionalFields=attributes,headers"));
            if (mail.contains(text)) {
                mails.add(mail);
            }
        }
        return mails;
    }

    private List<String> keys() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/mails");
        if (response.statusCode() == NOT_FOUND) {
            return List.of(); // James makes the repository when it stores the first mail.
        }
        List<String> keys = new ArrayList<>();
        Matcher matcher = KEY.matcher(checked(response));
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    // Without Accept: application/json, WebAdmin answers a mail with its raw message.
    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mailRepositories/"
                + repository + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .GET()
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String checked(HttpResponse<String> response) {
        if (response.statusCode() != OK) {
            throw new IllegalStateException("GET " + response.uri() + " answered " + response.statusCode() + ": "
                + response.body());
        }
        return response.body();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
