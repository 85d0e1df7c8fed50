/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * A James whose onion listener is {@code conf/smtpserver-onion.xml} exactly as an operator
 * adds it, twice: as shipped (implicit TLS) and in its documented STARTTLS-required variant,
 * each on its own loopback port. IMAP and WebAdmin on loopback let tests create users and
 * read their mailboxes through James itself.
 */
final class OnionListener {
    static final String IMPLICIT_TLS = "onion";
    static final String STARTTLS = "onionStarttls";
    static final String IMAP = "imap";
    static final String WEBADMIN = "webadmin";

    private static final String SNIPPET = "smtpserver-onion.xml";
    private static final String LAB_SMTP_SERVERS = "/org/smtorp/lab/james/memory-base/smtpserver.xml";
    private static final String ELEMENT = "<smtpserver enabled=\"true\">";
    private static final String BIND = "<bind>127.0.0.1:{{onion.port}}</bind>";
    private static final String IMPLICIT_TLS_LINE = "<tls socketTLS=\"true\" startTLS=\"false\">";
    private static final String STARTTLS_LINE = "<tls socketTLS=\"false\" startTLS=\"true\">";
    private static final String JMX_NAME = "<jmxName>smtpserver-onion</jmxName>";
    private static final String VALID_RCPT_HANDLER = "<handler class=\"org.apache.james.smtpserver.fastfail.ValidRcptHandler\"/>";
    private static final String DSN_HOOKS = "<handler class=\"org.apache.james.smtpserver.dsn.DSNEhloHook\"/>"
        + "<handler class=\"org.apache.james.smtpserver.dsn.DSNMailParameterHook\"/>"
        + "<handler class=\"org.apache.james.smtpserver.dsn.DSNRcptParameterHook\"/>"
        + "<handler class=\"org.apache.james.smtpserver.dsn.DSNMessageHook\"/>";
    private static final String MAX_FAILED_PROOFS = "<maxFailedProofs>3</maxFailedProofs>";
    private static final String NO_RELAY_HANDLER = "<handler class=\"org.smtorp.protocol.smtp.NoRelayRcptHandler\"/>";
    // The listener's handlers take the identity from here, as the mailets do; a later layer may replace it.
    private static final String SMTORP_PROPERTIES = "# The test publishes this James's onion itself.\n"
        + "tor.mode=none\nidentity.directory={{identity}}\n";
    /** Hashcash bits of {@link #jamesTakingCheapStamps}: Debian's tool mints such a stamp in milliseconds. */
    static final int CHEAP_STAMP_BITS = 8;

    private OnionListener() {
    }

    /** Publishes the identity's onion on the network, port 25 to the James's implicit-TLS listener, once uploaded. */
    static OnionService publish(TorNetwork network, ServerIdentity identity, JamesServerExtension james,
                                Duration patience) {
        return publish(network, identity, james.port(IMPLICIT_TLS), patience);
    }

    /** Publishes the identity's onion on the network, port 25 to {@code port} on 127.0.0.1, once uploaded. */
    static OnionService publish(TorNetwork network, ServerIdentity identity, int port, Duration patience) {
        OnionService published = network.onionHost().publishDirectory(identity.hiddenServiceDir().path(), 25, port);
        network.onionHost().awaitUploaded(published, patience);
        return published;
    }

    /** A fresh identity, as {@code smtorp init} makes it, under the integration tests' work directory. */
    static ServerIdentity createIdentity(String name) {
        return IntegrationEnvironment.freshIdentity(name + "-identity");
    }

    /** James for the identity's onion domain, with both onion listeners, IMAP and WebAdmin. */
    static JamesServerExtension james(ServerIdentity identity) {
        return james(identity, smtpServers(IntegrationEnvironment.smtorpConfFile(SNIPPET)));
    }

    /**
     * The same James, but its listeners also take hashcash stamps of {@value #CHEAP_STAMP_BITS}
     * bits, so tests about delivery rather than proof of work pay in milliseconds.
     */
    static JamesServerExtension jamesTakingCheapStamps(ServerIdentity identity) {
        return jamesOffering(identity, "hashcash=" + CHEAP_STAMP_BITS + " deprecated=never");
    }

    /**
     * The same James, its XpowHandler configured with one {@code <algorithm>} element per
     * setting, as docs/xpow.md section 12 tells operators, e.g. {@code argon2id=3} and
     * {@code hashcash=off}; algorithms not named keep their shipped difficulty.
     */
    static JamesServerExtension jamesOffering(ServerIdentity identity, String... settings) {
        return james(identity, smtpServers(offering(settings)));
    }

    /**
     * The same James, its XpowHandler given {@code elements} too, each a whole element as an operator
     * adds it (docs/xpow.md section 12), e.g. {@code <exemptDkimDomain>example.org</exemptDkimDomain>}.
     */
    static JamesServerExtension jamesWithXpowElements(ServerIdentity identity, String... elements) {
        return james(identity, smtpServers(replaceOnce(IntegrationEnvironment.smtorpConfFile(SNIPPET),
            MAX_FAILED_PROOFS, MAX_FAILED_PROOFS + String.join("", elements))));
    }

    // The shipped snippet with one <algorithm> element per setting.
    private static String offering(String... settings) {
        StringBuilder algorithms = new StringBuilder(MAX_FAILED_PROOFS);
        for (String setting : settings) {
            algorithms.append("<algorithm>").append(setting).append("</algorithm>");
        }
        return replaceOnce(IntegrationEnvironment.smtorpConfFile(SNIPPET), MAX_FAILED_PROOFS, algorithms.toString());
    }

    /**
     * James that receives on its implicit-TLS onion listener, as {@link #jamesOffering} configures
     * it, and also takes mail from local programs on the lab's plain listener ({@code smtpPort()}),
     * which trusts loopback: a server that both sends and receives over Tor.
     */
    static JamesServerExtension jamesWithSubmission(ServerIdentity identity, String... settings) {
        String onion = replaceOnce(element(offering(settings)), BIND, bind(IMPLICIT_TLS));
        return james(identity, "<?xml version=\"1.0\"?>\n<smtpservers>\n" + labSmtpServer() + "\n" + onion
            + "\n</smtpservers>\n");
    }

    /**
     * As {@link #jamesOffering}, its onion listeners also announcing DSN and keeping the mail's
     * RET, ENVID, NOTIFY and ORCPT, with the four hooks James's dsn.adoc adds to a handlerchain
     * (the shipped snippet has none: James enables DSN only with a matching mailetcontainer).
     */
    static JamesServerExtension jamesOfferingWithDsn(ServerIdentity identity, String... settings) {
        return james(identity, smtpServers(withDsn(offering(settings))));
    }

    /**
     * As {@link #jamesOfferingWithDsn}, its onion listeners also the sending relay of {@code senders}:
     * the shipped NoRelayRcptHandler with the {@code <relayFor>} element its comment documents. The
     * mail it relays leaves by the conf layer's mailetcontainer; smtorp.properties must then name
     * tor's SOCKS port too.
     */
    static JamesServerExtension jamesRelayingFor(ServerIdentity identity, List<SmtorpDomain> senders,
                                                 String... settings) {
        String relayFor = senders.stream().map(SmtorpDomain::asString).collect(Collectors.joining(", "));
        return james(identity, smtpServers(withDsn(replaceOnce(offering(settings), NO_RELAY_HANDLER,
            "<handler class=\"org.smtorp.protocol.smtp.NoRelayRcptHandler\"><relayFor>" + relayFor
                + "</relayFor></handler>"))));
    }

    /** As {@link #jamesWithSubmission}, both listeners announcing DSN and keeping the parameters. */
    static JamesServerExtension jamesWithSubmissionAndDsn(ServerIdentity identity, String... settings) {
        String onion = replaceOnce(element(withDsn(offering(settings))), BIND, bind(IMPLICIT_TLS));
        return james(identity, "<?xml version=\"1.0\"?>\n<smtpservers>\n" + withDsn(labSmtpServer()) + "\n" + onion
            + "\n</smtpservers>\n");
    }

    /** The lab's plain listener, announcing DSN and keeping the parameters as James's dsn.adoc configures it. */
    static String labSmtpServersWithDsn() {
        return "<?xml version=\"1.0\"?>\n<smtpservers>\n" + withDsn(labSmtpServer()) + "\n</smtpservers>\n";
    }

    private static String withDsn(String xml) {
        return replaceOnce(xml, VALID_RCPT_HANDLER, DSN_HOOKS + VALID_RCPT_HANDLER);
    }

    // The lab's plain <smtpserver> element, from the base configuration every lab James starts with.
    private static String labSmtpServer() {
        try (InputStream in = OnionListener.class.getResourceAsStream(LAB_SMTP_SERVERS)) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return xml.substring(xml.indexOf("<smtpserver "), xml.lastIndexOf("</smtpservers>"));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException(LAB_SMTP_SERVERS + " should be on the class path", e);
        }
    }

    private static JamesServerExtension james(ServerIdentity identity, String smtpServers) {
        return JamesServerExtension.withSmtorp(identity.onion().asString())
            .withPort(IMPLICIT_TLS)
            .withPort(STARTTLS)
            .withPort(IMAP)
            .withPort(WEBADMIN)
            .configuredWith(conf -> conf
                .confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf", "onion-listener"))
                .confFile("smtpserver.xml", smtpServers)
                .confFile("smtorp.properties", SMTORP_PROPERTIES)
                .value("identity", identity.directory().toAbsolutePath())
                .value("onion.domain", identity.onion().asString())
                .value("onion.keystore", identity.keyStoreFile().toAbsolutePath())
                .value("onion.secret", new String(identity.keyStorePassword())));
    }

    private static String smtpServers(String shipped) {
        String snippet = element(shipped);
        String implicitTls = replaceOnce(snippet, BIND, bind(IMPLICIT_TLS));
        String startTls = replaceOnce(replaceOnce(replaceOnce(snippet,
            BIND, bind(STARTTLS)),
            IMPLICIT_TLS_LINE, STARTTLS_LINE),
            JMX_NAME, "<jmxName>smtpserver-onion-starttls</jmxName>");
        return "<?xml version=\"1.0\"?>\n<smtpservers>\n" + implicitTls + "\n" + startTls + "\n</smtpservers>\n";
    }

    private static String bind(String port) {
        return "<bind>127.0.0.1:{{port." + port + "}}</bind>";
    }

    // Without the XML declaration and the operator's notes, whose placeholders are not filled here.
    private static String element(String xml) {
        int start = xml.indexOf(ELEMENT);
        if (start < 0) {
            throw new IllegalStateException(SNIPPET + " should hold " + ELEMENT);
        }
        return xml.substring(start);
    }

    // The documented edits must still apply: a changed snippet fails here, not in a puzzling test.
    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0 || text.indexOf(target, at + 1) >= 0) {
            throw new IllegalStateException(SNIPPET + " should hold " + target + " exactly once");
        }
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }
}
