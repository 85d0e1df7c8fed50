/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** {@code smtorp announced} against a real HTTP server standing in for WebAdmin: what it sends. */
class AnnouncedCommandTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhZG1pbiI6dHJ1ZX0.c2lnbmF0dXJl";

    @TempDir
    Path directory;

    private HttpServer webAdmin;
    private final List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startWebAdmin() throws IOException {
        webAdmin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webAdmin.createContext("/smtorp/announced", exchange -> {
            authorizations.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        webAdmin.start();
    }

    @AfterEach
    void stopWebAdmin() {
        webAdmin.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + webAdmin.getAddress().getPort();
    }

    @Test
    void jwtTokenShouldBeSentAsABearerToken() {
        CommandRun run = CommandRun.of("announced", "--url", url(), "--jwt-token", TOKEN, "list");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(authorizations).containsExactly(Optional.of("Bearer " + TOKEN));
    }

    @Test
    void jwtFromFileShouldSendTheTokenTheFileHolds() throws IOException {
        Path file = Files.writeString(directory.resolve("admin.jwt"), TOKEN + "\n");

        CommandRun run = CommandRun.of("announced", "--url", url(), "--jwt-from-file", file.toString(), "list");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(authorizations).containsExactly(Optional.of("Bearer " + TOKEN));
    }

    @Test
    void tokenFileShouldRemainTheOldNameOfJwtFromFile() throws IOException {
        Path file = Files.writeString(directory.resolve("admin.jwt"), TOKEN + "\n");

        CommandRun run = CommandRun.of("announced", "--webadmin", url(), "--token-file", file.toString(), "list");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(authorizations).containsExactly(Optional.of("Bearer " + TOKEN));
    }

    @Test
    void bothTokenOptionsShouldBeRefusedAsJamesWebAdminCliDoesBeforeAnyRequest() throws IOException {
        Path file = Files.writeString(directory.resolve("admin.jwt"), TOKEN + "\n");

        CommandRun run = CommandRun.of("announced", "--url", url(), "--jwt-token", TOKEN, "--jwt-from-file",
            file.toString(), "list");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Cannot specify both --jwt-from-file and --jwt-token options.");
        assertThat(authorizations).isEmpty();
    }

    @Test
    void aTokenThatWouldBreakTheHeaderLineShouldBeRefused() {
        CommandRun run = CommandRun.of("announced", "--url", url(), "--jwt-token", "abc\r\nX-Admin: yes", "list");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("--jwt-token does not hold a token");
        assertThat(authorizations).isEmpty();
    }

    @Test
    void noTokenOptionShouldSendNoAuthorization() {
        CommandRun run = CommandRun.of("announced", "--url", url(), "list");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(authorizations).containsExactly(Optional.empty());
    }
}
