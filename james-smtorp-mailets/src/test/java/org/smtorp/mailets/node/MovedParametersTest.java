/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.mailets.parameters.InitParameters;
import org.smtorp.protocol.identity.ServerIdentity;

class MovedParametersTest {
    private static final String MAILET = "OnionRemoteDelivery";
    private static final String OTHER_ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";

    @TempDir
    Path james;

    private ServerIdentity identity;
    private NodeSettings node;

    @BeforeEach
    void setUp() throws Exception {
        identity = ServerIdentity.create(james.resolve("var/smtorp/identity"));
        node = NodeSettings.of(james.resolve("var/smtorp/identity"),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 9060), james.resolve("var/smtorp/pins"));
    }

    private Set<String> check(String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(MAILET);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        return MovedParameters.check(MAILET, InitParameters.of(MAILET, config.build(), MovedParameters.NAMES), james,
            node, identity);
    }

    @Test
    void noMovedParameterShouldPass() throws Exception {
        assertThat(check()).isEmpty();
    }

    @Test
    void parametersThatAgreeShouldBeIgnored() throws Exception {
        assertThat(check("socksHost", "127.0.0.1", "socksPort", "9060", "identityDirectory", "var/smtorp/identity",
            "pinDirectory", james.resolve("var/smtorp/pins").toString(),
            "heloName", identity.domain().withoutFingerprint().asString()))
            .containsExactlyInAnyOrder("socksHost", "socksPort", "identityDirectory", "pinDirectory", "heloName");
    }

    @Test
    void aSocksPortThatContradictsShouldFailNamingBoth() {
        assertThatThrownBy(() -> check("socksPort", "9050"))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("OnionRemoteDelivery: parameter socksPort=\"9050\" contradicts smtorp.properties "
                + "tor.socks=127.0.0.1:9060. These are set in smtorp.properties only now");
    }

    @Test
    void aSocksHostThatContradictsShouldFailNamingBoth() {
        assertThatThrownBy(() -> check("socksHost", "127.0.0.2"))
            .hasMessageContaining("parameter socksHost=\"127.0.0.2\" contradicts smtorp.properties "
                + "tor.socks=127.0.0.1:9060");
    }

    @Test
    void aSocksHostOffLoopbackShouldFailAsABadValue() {
        assertThatThrownBy(() -> check("socksHost", "10.0.0.5"))
            .hasMessage("OnionRemoteDelivery parameter socksHost=\"10.0.0.5\" is invalid; allowed: a loopback IP "
                + "address (127.0.0.0/8 or ::1)");
    }

    @Test
    void anIdentityDirectoryThatContradictsShouldFailNamingBoth() {
        assertThatThrownBy(() -> check("identityDirectory", "smtorp/identity"))
            .hasMessageContaining("parameter identityDirectory=\"smtorp/identity\" contradicts smtorp.properties "
                + "identity.directory=" + james.resolve("var/smtorp/identity"));
    }

    @Test
    void anIdentityDirectoryReachedThroughALinkShouldAgree() throws Exception {
        Files.createSymbolicLink(james.resolve("identity-link"), james.resolve("var/smtorp/identity"));

        assertThat(check("identityDirectory", "identity-link")).containsExactly("identityDirectory");
    }

    @Test
    void aPinDirectoryThatContradictsShouldFailNamingBoth() {
        assertThatThrownBy(() -> check("pinDirectory", "pins"))
            .hasMessageContaining("parameter pinDirectory=\"pins\" contradicts smtorp.properties pins.directory="
                + james.resolve("var/smtorp/pins"));
    }

    @Test
    void aHeloNameOfAnotherOnionShouldFailNamingTheIdentity() {
        assertThatThrownBy(() -> check("heloName", OTHER_ONION))
            .hasMessageContaining("parameter heloName=\"" + OTHER_ONION + "\" contradicts smtorp.properties "
                + "identity.directory=" + identity.directory() + " (onion " + identity.onion().asString() + ")");
    }

    @Test
    void everyContradictionShouldBeNamedAtOnce() {
        assertThatThrownBy(() -> check("socksPort", "9050", "pinDirectory", "pins"))
            .hasMessageContaining("socksPort=\"9050\" contradicts")
            .hasMessageContaining("pinDirectory=\"pins\" contradicts");
    }

    @Test
    void andMovedShouldAddTheMovedNamesToTheMailetsOwn() {
        assertThat(MovedParameters.andMoved(Set.of("outgoingQueue")))
            .containsExactlyInAnyOrder("outgoingQueue", "socksHost", "socksPort", "identityDirectory", "pinDirectory",
                "heloName");
    }
}
