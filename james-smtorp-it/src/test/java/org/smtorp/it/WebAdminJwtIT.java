/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * SMTorP's WebAdmin routes behind James's own JWT authentication, as docs/operations.md tells an
 * operator to turn it on: {@code /smtorp/announced} lists who mails our users, so without an
 * administrator's token every route answers 401, and {@code smtorp announced} passes a token
 * as James's webadmin-cli does ({@code --jwt-token}, {@code --jwt-from-file}).
 */
class WebAdminJwtIT {
    private static final ServerIdentity IDENTITY = OnionListener.createIdentity("WebAdminJwtIT");
    private static final KeyPair ADMIN_KEY = rsaKeyPair();
    private static final List<String> ROUTES = List.of("/smtorp/status", "/smtorp/announced",
        "/smtorp/address/alice");

    @RegisterExtension
    static JamesServerExtension james = OnionListener.james(IDENTITY)
        .configuredWith(conf -> conf
            .confFile("webadmin.properties", String.join("\n",
                "enabled=true",
                "host=127.0.0.1",
                "port={{port.webadmin}}",
                "https.enabled=false",
                "jwt.enabled=true",
                "jwt.publickeypem.url=file://conf/jwt_publickey",
                IntegrationEnvironment.smtorpConfFile("webadmin.properties")))
            .confFile("jwt_publickey", pem(ADMIN_KEY)));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everySmtorpRouteShouldRefuseARequestWithoutToken() throws Exception {
        for (String route : ROUTES) {
            assertThat(get(route, null).statusCode()).as(route).isEqualTo(401);
        }
        assertThat(send(request("/smtorp/announced/alice@example.com", null).DELETE()).statusCode()).isEqualTo(401);
    }

    @Test
    void everySmtorpRouteShouldRefuseATokenSignedByAnotherKey() throws Exception {
        String forged = token(rsaKeyPair().getPrivate(), true);
        for (String route : ROUTES) {
            assertThat(get(route, forged).statusCode()).as(route).isEqualTo(401);
        }
    }

    @Test
    void everySmtorpRouteShouldRefuseATokenWithoutTheAdminClaim() throws Exception {
        String user = token(ADMIN_KEY.getPrivate(), false);
        for (String route : ROUTES) {
            assertThat(get(route, user).statusCode()).as(route).isEqualTo(401);
        }
    }

    @Test
    void anAdministratorsTokenShouldOpenTheRoutes() throws Exception {
        String admin = token(ADMIN_KEY.getPrivate(), true);
        HttpResponse<String> status = get("/smtorp/status", admin);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"state\"", "\"onion\"");
        assertThat(get("/smtorp/announced", admin).statusCode()).isEqualTo(200);
        assertThat(send(request("/smtorp/announced/alice@example.com", admin).DELETE()).statusCode())
            .isEqualTo(404);
    }

    @Test
    void smtorpAnnouncedShouldSendTheTokenFromJwtFromFile() throws Exception {
        String webAdmin = "http://127.0.0.1:" + james.port(OnionListener.WEBADMIN);
        Path tokenFile = Files.createTempFile("webadmin", ".jwt");
        try {
            Files.writeString(tokenFile, token(ADMIN_KEY.getPrivate(), true) + "\n");

            PeerRun withToken = PeerRun.smtorp("announced", "--url", webAdmin, "--jwt-from-file",
                tokenFile.toString(), "list");
            PeerRun without = PeerRun.smtorp("announced", "--url", webAdmin, "list");

            assertThat(withToken.exitCode()).as(withToken.output()).isZero();
            assertThat(withToken.output()).contains("no announced SMTorP addresses recorded");
            assertThat(without.exitCode()).isEqualTo(1);
            assertThat(without.output()).contains("WebAdmin refused the list").contains("401");
        } finally {
            Files.deleteIfExists(tokenFile);
        }
    }

    @Test
    void smtorpAnnouncedShouldSendTheJwtToken() throws Exception {
        String webAdmin = "http://127.0.0.1:" + james.port(OnionListener.WEBADMIN);

        PeerRun admin = PeerRun.smtorp("announced", "--url", webAdmin, "--jwt-token",
            token(ADMIN_KEY.getPrivate(), true), "list");
        PeerRun user = PeerRun.smtorp("announced", "--url", webAdmin, "--jwt-token",
            token(ADMIN_KEY.getPrivate(), false), "list");

        assertThat(admin.exitCode()).as(admin.output()).isZero();
        assertThat(user.exitCode()).isEqualTo(1);
        assertThat(user.output()).contains("WebAdmin refused the list").contains("401");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(request(path, token).GET());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + james.port(OnionListener.WEBADMIN) + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // An RS256 JSON Web Token as an operator's token tool makes it: James checks the signature and "admin".
    private static String token(PrivateKey key, boolean admin) throws GeneralSecurityException {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"admin@example.com\",\"admin\":" + admin + "}")
            .getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + base64.encodeToString(rs256.sign());
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    }
}
