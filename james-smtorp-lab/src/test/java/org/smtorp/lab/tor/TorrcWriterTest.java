/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class TorrcWriterTest {
    private static final Path RUN = Paths.get("/run");
    private static final TorNode AUTHORITY = TorNode.authority("auth0", RUN.resolve("auth0"), 20000, 20001);
    private static final TorNode RELAY = TorNode.relay("relay0", RUN.resolve("relay0"), 20006);
    private static final TorNode CLIENT = TorNode.client("client", RUN.resolve("client"), 20008, 20009);
    private static final TorNode ONION_HOST = TorNode.onionHost("onionhost", RUN.resolve("onionhost"), 20010);
    private static final List<TorNode> ALL = List.of(AUTHORITY, RELAY, CLIENT, ONION_HOST);
    private static final String FINGERPRINT = "CD45FAE06B412CF44C5A4F2365A46643CE4395A1";
    private static final String V3_IDENTITY = "500EEC0C96B336675203188AD750BD3F3645A789";

    private final TorrcWriter writer = new TorrcWriter(
        List.of(AuthorityIdentity.of(AUTHORITY, FINGERPRINT, V3_IDENTITY)), RUN.resolve("geoip-empty"), 4242);

    @Test
    void everyListenerShouldBindLoopbackOnly() {
        for (TorNode node : ALL) {
            assertThat(lines(node).stream().filter(line -> line.matches("(OR|Dir|Socks|Control)Port .*")))
                .as("listeners of %s", node)
                .allMatch(line -> line.endsWith("Port 0") || line.matches("\\w+Port 127\\.0\\.0\\.1:\\d+( .*)?"));
        }
    }

    @Test
    void everyTorShouldExitWithTheProcessThatStartedIt() {
        for (TorNode node : ALL) {
            assertThat(lines(node)).as("torrc of %s", node)
                .contains("__OwningControllerProcess 4242", "RunAsDaemon 0");
        }
    }

    @Test
    void everyTorShouldTrustTheAuthorities() {
        for (TorNode node : ALL) {
            assertThat(lines(node)).as("torrc of %s", node).contains("DirAuthority auth0 orport=20000 no-v2 v3ident="
                + V3_IDENTITY + " 127.0.0.1:20001 " + FINGERPRINT, "TestingDirAuthVoteHSDir $" + FINGERPRINT);
        }
    }

    @Test
    void authorityShouldServeItsDirectoryOnItsDirPort() {
        assertThat(lines(AUTHORITY)).contains("ORPort 127.0.0.1:20000", "DirPort 127.0.0.1:20001",
            "V3AuthoritativeDirectory 1");
    }

    @Test
    void relayShouldLeaveDirectoriesToTheAuthorities() {
        assertThat(lines(RELAY)).contains("ORPort 127.0.0.1:20006", "DirCache 0")
            .noneMatch(line -> line.startsWith("DirPort"));
    }

    @Test
    void clientShouldGiveOnionSpecificSocksReplies() {
        assertThat(lines(CLIENT)).contains("SocksPort 127.0.0.1:20008 ExtendedErrors", "ControlPort 127.0.0.1:20009",
            "CookieAuthentication 1");
    }

    @Test
    void onionHostShouldTakeCookieAuthenticatedControlConnections() {
        assertThat(lines(ONION_HOST)).contains("SocksPort 0", "ControlPort 127.0.0.1:20010", "CookieAuthentication 1");
    }

    private List<String> lines(TorNode node) {
        return Arrays.stream(writer.render(node).split("\n")).collect(Collectors.toList());
    }
}
