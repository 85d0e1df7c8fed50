/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code smtorp announced}: the SMTorP addresses a running James recorded from authenticated
 * {@code SMTorP-Address} headers, listed and removed through its WebAdmin (docs/announce.md),
 * as James's own administration goes through the running server.
 */
@Command(name = "announced",
    description = {"Lists or removes the SMTorP addresses a running James recorded from authenticated "
        + "SMTorP-Address headers, through its WebAdmin (GET and DELETE /smtorp/announced).",
        "Exits 0 on success, 1 when the server refuses or cannot be reached, 2 on bad options."},
    subcommands = {AnnouncedCommand.List.class, AnnouncedCommand.Remove.class})
final class AnnouncedCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();

    // --url as James's webadmin-cli names it; --webadmin as ours always did.
    @Option(names = {"--url", "--webadmin"}, defaultValue = "http://127.0.0.1:8000", scope = ScopeType.INHERIT,
        description = "The WebAdmin base URL (default: ${DEFAULT-VALUE}).")
    URI webAdmin;

    // The names and meaning of James's webadmin-cli (WebAdminCli): the token itself, or a file
    // holding it. A file keeps the token out of ps and shell history; --token-file is its old name.
    @Option(names = "--jwt-token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
        description = "A WebAdmin JSON Web Token (James's jwt.enabled=true), sent as a bearer token.")
    String jwtToken;

    @Option(names = {"--jwt-from-file", "--token-file"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
        description = "A file holding the WebAdmin JSON Web Token; safer than --jwt-token, which shows in ps.")
    Path jwtFile;

    @Spec
    CommandSpec spec;

    private HttpResponse<String> send(HttpRequest.Builder request) throws CliFailure {
        Optional<String> token = token();
        if (token.isPresent()) {
            request.header("Authorization", "Bearer " + token.get());
        }
        try {
            return HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                .send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliFailure("WebAdmin at " + webAdmin + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted while asking WebAdmin at " + webAdmin);
        }
    }

    private Optional<String> token() throws CliFailure {
        if (jwtToken != null && jwtFile != null) {
            // webadmin-cli says so and goes on without a token; a request bound to fail is refused here.
            throw new ParameterException(spec.commandLine(),
                "Cannot specify both --jwt-from-file and --jwt-token options.");
        }
        if (jwtToken != null) {
            return Optional.of(checked(jwtToken.strip(), "--jwt-token"));
        }
        if (jwtFile == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(checked(Files.readString(jwtFile, StandardCharsets.US_ASCII).strip(), jwtFile.toString()));
        } catch (IOException e) {
            throw new CliFailure("cannot read the token file " + jwtFile + ": " + e.getMessage());
        }
    }

    // It goes into a header line: nothing that could end the line or start another.
    private static String checked(String token, String source) {
        if (token.isEmpty() || !token.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new CliFailure(source + " does not hold a token: one line of printable ASCII expected");
        }
        return token;
    }

    private URI announced(String suffix) {
        String base = webAdmin.toString().replaceAll("/+$", "");
        return URI.create(base + "/smtorp/announced" + suffix);
    }

    private String problem(HttpResponse<String> response) {
        try {
            JsonNode body = json.readTree(response.body());
            if (body.hasNonNull("message")) {
                return body.get("message").asText();
            }
        } catch (IOException e) {
            // Not WebAdmin's JSON error: the status says enough.
        }
        return "HTTP " + response.statusCode();
    }

    @Command(name = "list", description = "Prints each recorded address: address, SMTorP address, when, evidence.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        AnnouncedCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            HttpResponse<String> response = parent.send(HttpRequest.newBuilder(parent.announced("")).GET()
                .header("Accept", "application/json"));
            if (response.statusCode() != 200) {
                throw new CliFailure("WebAdmin refused the list: " + parent.problem(response));
            }
            JsonNode entries;
            try {
                entries = parent.json.readTree(response.body());
            } catch (IOException e) {
                throw new CliFailure("WebAdmin's answer is not JSON: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode entry : entries) {
                out.println(entry.path("address").asText() + "\t" + entry.path("smtorpAddress").asText() + "\t"
                    + entry.path("recordedAt").asText() + "\t" + entry.path("evidence").asText());
            }
            if (entries.size() == 0) {
                spec.commandLine().getErr().println("no announced SMTorP addresses recorded");
            }
            return 0;
        }
    }

    @Command(name = "remove", description = "Forgets the SMTorP address recorded for ADDRESS.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        AnnouncedCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ADDRESS", description = "The sender address it was recorded for.")
        String address;

        @Override
        public Integer call() throws CliFailure {
            HttpResponse<String> response = parent.send(HttpRequest.newBuilder(
                parent.announced("/" + URLEncoder.encode(address, StandardCharsets.UTF_8).replace("+", "%20"))).DELETE());
            if (response.statusCode() != 204) {
                throw new CliFailure("WebAdmin refused to remove " + address + ": " + parent.problem(response));
            }
            spec.commandLine().getOut().println("removed " + address);
            return 0;
        }
    }
}
