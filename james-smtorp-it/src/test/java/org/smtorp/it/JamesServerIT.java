/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.Directories;
import org.smtorp.lab.james.JamesDistribution;
import org.smtorp.lab.james.JamesServer;
import org.smtorp.lab.james.JamesWorkingDirectory;
import org.smtorp.lab.tor.PortBlock;
import org.smtorp.protocol.identity.ServerIdentity;

class JamesServerIT {
    @RegisterExtension
    static JamesServerExtension james = JamesServerExtension.withSmtorp("smoke.test");

    private final SMTPClient smtp = new SMTPClient();

    @BeforeEach
    void connect() throws IOException {
        smtp.connect(InetAddress.getLoopbackAddress(), james.smtpPort());
    }

    @AfterEach
    void disconnect() throws IOException {
        if (smtp.isConnected()) {
            smtp.disconnect();
        }
    }

    @Test
    void jamesShouldGreetOnLoopbackSmtp() {
        assertThat(smtp.getReplyCode()).isEqualTo(SMTPReply.SERVICE_READY);
        assertThat(smtp.getReplyString()).startsWith("220 smoke.test");
    }

    @Test
    void jamesShouldAnswerEhloWithItsConfiguredName() throws IOException {
        assertThat(smtp.sendCommand("EHLO", "client.test")).isEqualTo(SMTPReply.ACTION_OK);
        assertThat(smtp.getReplyString()).startsWith("250-smoke.test");
    }

    @Test
    void jamesShouldLoadTheSmtorpExtensionFromExtensionsJars() {
        assertThat(james.server().log())
            .contains("SMTorP extension loaded");
    }

    /**
     * What an operator got who merged the shipped files before issue 14: the snippet's
     * OnionRemoteDelivery said socksPort 9050, smtorp.properties tor.socks=127.0.0.1:9060, and every
     * onion mail bounced with "connection refused". Now James refuses to start and says why.
     */
    @Test
    void jamesShouldRefuseToStartWhenAMailetParameterContradictsSmtorpProperties() throws IOException {
        String mailetContainer = withShippedMailets("<socksPort>9050</socksPort>");
        assertRefusesToStart("JamesServerIT-contradiction", (conf, ports) -> conf
            // As shipped, without starting a tor: the SOCKS port stays the shipped 127.0.0.1:9060.
            .confFile("smtorp.properties", IntegrationEnvironment.smtorpConfFile("smtorp.properties")
                .replace("\ntor.mode=managed\n", "\ntor.mode=none\n"))
            .confFile("mailetcontainer.xml", mailetContainer),
            root -> "OnionRemoteDelivery: parameter socksPort=\"9050\" contradicts smtorp.properties"
                + " tor.socks=127.0.0.1:9060");
    }

    /**
     * An onion listener merged before issue 14 names the identity in its handlers; an operator who
     * then points smtorp.properties at another identity would have a listener that takes mail as one
     * onion while the mailets deliver and announce as another. James refuses to start and names both.
     */
    @Test
    void jamesShouldRefuseToStartWhenAHandlerIdentityDirectoryContradictsSmtorpProperties() throws IOException {
        ServerIdentity former = OnionListener.createIdentity("JamesServerIT-former");
        String smtpServers = withShippedOnionListener("<handler class=\"org.smtorp.protocol.smtp.NoRelayRcptHandler\">"
            + "<identityDirectory>" + former.directory().toAbsolutePath() + "</identityDirectory></handler>");
        assertRefusesToStart("JamesServerIT-handler-contradiction", (conf, ports) -> conf
            // The extension makes a new identity here at start: not the one the handler names.
            .confFile("smtorp.properties", "tor.mode=none\nidentity.directory=var/smtorp/identity\n")
            .confFile("smtpserver.xml", smtpServers)
            .value("onion.port", ports.port(1))
            .value("onion.domain", former.onion().asString())
            .value("onion.keystore", former.keyStoreFile().toAbsolutePath())
            .value("onion.secret", new String(former.keyStorePassword())),
            root -> "NoRelayRcptHandler: <identityDirectory>" + former.directory().toAbsolutePath()
                + "</identityDirectory> (holds another identity: onion " + former.onion().asString()
                + ") contradicts smtorp.properties identity.directory="
                + root.toAbsolutePath().normalize().resolve("var/smtorp/identity") + " (onion ");
    }

    // A James of the lab's base configuration (port 0 of `ports` its plain SMTP), our extension and `conf`
    // exits at start, logging `why`.
    private static void assertRefusesToStart(String name,
                                             BiFunction<JamesWorkingDirectory.Builder, PortBlock,
                                                 JamesWorkingDirectory.Builder> conf,
                                             Function<Path, String> why) throws IOException {
        Path root = IntegrationEnvironment.workDir().resolve(name);
        Directories.deleteRecursively(root);
        try (PortBlock ports = PortBlock.reserve()) {
            JamesServer refused = JamesServer.of(JamesDistribution.memoryServer(), conf.apply(JamesWorkingDirectory
                .builder(root)
                .memoryServerBase()
                .confFile("extensions.properties", IntegrationEnvironment.smtorpConfFile("extensions.properties"))
                .extensionsJars(IntegrationEnvironment.extensionsJars())
                .value("domain", "contradiction.test")
                .value("port.smtp", ports.port(0)), ports)
                .build());
            try {
                assertThatThrownBy(() -> refused.start(Duration.ofSeconds(120)))
                    .hasMessageContaining("James exited");
                assertThat(refused.log()).contains(why.apply(root));
            } finally {
                refused.close();
            }
        }
        Directories.deleteRecursively(root);
    }

    // The lab's plain listener and the shipped onion listener, its NoRelayRcptHandler replaced by `relayGuard`.
    private static String withShippedOnionListener(String relayGuard) throws IOException {
        String snippet = IntegrationEnvironment.smtorpConfFile("smtpserver-onion.xml");
        String listener = snippet.substring(snippet.indexOf("<smtpserver enabled=\"true\">"))
            .replace("<handler class=\"org.smtorp.protocol.smtp.NoRelayRcptHandler\"/>", relayGuard);
        return labBase("smtpserver.xml").replace("</smtpservers>", listener + "\n</smtpservers>");
    }

    // The lab's base mailet container with the shipped relay mailets, OnionRemoteDelivery given one more parameter.
    private static String withShippedMailets(String deliveryParameter) throws IOException {
        String snippet = IntegrationEnvironment.smtorpConfFile("mailetcontainer-onion.xml");
        String relay = snippet.substring(snippet.indexOf("<processor state=\"relay\">"));
        String mailets = relay.substring(relay.indexOf("<mailet "), relay.indexOf("</processor>")).strip()
            .replace("<tlsMode>implicitOrStarttls</tlsMode>", "<tlsMode>implicitOrStarttls</tlsMode>" + deliveryParameter);
        String localDelivery = "<mailet match=\"RecipientIsLocal\" class=\"LocalDelivery\"/>";
        return labBase("mailetcontainer.xml").replace(localDelivery, localDelivery + "\n" + mailets)
            .replace("</processors>", "<processor state=\"bounces\" enableJmx=\"false\">"
                + "<mailet match=\"All\" class=\"Null\"/></processor></processors>");
    }

    // A file of the lab's base configuration, which every lab James starts from.
    private static String labBase(String file) throws IOException {
        try (InputStream in = JamesServerIT.class.getResourceAsStream("/org/smtorp/lab/james/memory-base/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
