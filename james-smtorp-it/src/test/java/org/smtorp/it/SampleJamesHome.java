/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.smtorp.lab.Directories;
import org.smtorp.lab.james.JamesSampleConfiguration;
import org.smtorp.lab.tor.PortBlock;
import org.smtorp.lab.tor.TorExecutable;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * One James home as an administrator has it: James 3.8.1's own sample configuration of the
 * memory app with the edits anyone running it on a shared machine makes (listeners on loopback
 * ports of a {@link PortBlock}, its log file, a key store, {@link DnsTrap} as its resolver);
 * {@link #install} then adds SMTorP with {@code bin/smtorp install}, changing SMTorP's settings
 * only with its {@code --set}. Without {@link #install} it is the same James without SMTorP.
 */
final class SampleJamesHome {
    static final int SMTP = 0;
    static final int SMTPS = 1;
    static final int SUBMISSION = 2;
    static final int IMAP = 3;
    static final int IMAPS = 4;
    static final int WEBADMIN = 5;
    static final int JMAP = 6;
    static final int ONION = 7;
    static final int SOCKS = 8;

    private final Path root;
    private final PortBlock ports;

    private SampleJamesHome(Path root, PortBlock ports) {
        this.root = root;
        this.ports = ports;
    }

    /** A fresh home {@code name} under the IT work directory: the sample and the administrator's own edits. */
    static SampleJamesHome create(String name, PortBlock ports) throws IOException, InterruptedException {
        Path root = IntegrationEnvironment.workDir().resolve(name);
        Directories.deleteRecursively(root);
        JamesSampleConfiguration.MEMORY.copyTo(root.resolve("conf"));
        SampleJamesHome home = new SampleJamesHome(root, ports);
        home.administratorsOwnEdits();
        return home;
    }

    /** {@code bin/smtorp install} with a managed tor joining {@code network}; a second run changes nothing. */
    SampleJamesHome install(TorNetwork network) throws IOException, InterruptedException {
        PeerRun install = PeerRun.smtorp("install", root.toString(),
            "--set", "tor.binary=" + TorExecutable.tor(),
            "--set", "tor.torrcInclude=" + network.joinTorrc(),
            "--set", "tor.socks=127.0.0.1:" + ports.port(SOCKS),
            "--set", "onion.target=127.0.0.1:" + ports.port(ONION));
        assertThat(install.exitCode()).as(install.toString()).isZero();
        PeerRun again = PeerRun.smtorp("install", root.toString());
        assertThat(again.output()).as(again.toString()).contains("Nothing to change");
        return this;
    }

    Path root() {
        return root;
    }

    int port(int index) {
        return ports.port(index);
    }

    /** The onion {@link #install} made. */
    String onion() throws IOException {
        return ServerIdentity.load(root.resolve("var/smtorp/identity")).onion().asString();
    }

    /** Replaces each {@code pairs[i]} in {@code conf/file} by {@code pairs[i + 1]}; each must be there. */
    void edit(String file, String... pairs) throws IOException {
        Path path = root.resolve("conf").resolve(file);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        for (int i = 0; i < pairs.length; i += 2) {
            assertThat(text).as(file).contains(pairs[i]);
            text = text.replace(pairs[i], pairs[i + 1]);
        }
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    // What anyone running James's sample on a shared machine changes in James's own files.
    private void administratorsOwnEdits() throws IOException, InterruptedException {
        edit("smtpserver.xml", "0.0.0.0:25<", "127.0.0.1:" + ports.port(SMTP) + "<",
            "0.0.0.0:465<", "127.0.0.1:" + ports.port(SMTPS) + "<",
            "0.0.0.0:587<", "127.0.0.1:" + ports.port(SUBMISSION) + "<");
        edit("imapserver.xml", "0.0.0.0:143<", "127.0.0.1:" + ports.port(IMAP) + "<",
            "0.0.0.0:993<", "127.0.0.1:" + ports.port(IMAPS) + "<");
        edit("webadmin.properties", "port=8000", "port=" + ports.port(WEBADMIN));
        edit("jmap.properties", "enabled=true", "enabled=true\njmap.port=" + ports.port(JMAP));
        edit("jmx.properties", "jmx.enabled=true", "jmx.enabled=false");
        edit("logback.xml", "/logs/", root.resolve("logs") + "/");
        // This machine's resolver: the DNS trap, which records every name asked.
        edit("dnsservice.xml", "<autodiscover>true</autodiscover>",
            "<servers><server>127.0.0.1</server></servers>\n  <autodiscover>false</autodiscover>");
        // The key store smtpserver.xml and jmap.properties name (the apache/james image ships one).
        PeerRun keytool = PeerRun.of(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "james", "-keyalg", "RSA",
            "-storetype", "PKCS12", "-keystore", root.resolve("conf/keystore").toString(),
            "-storepass", "james72laBalle", "-dname", "CN=localhost", "-validity", "30");
        assertThat(keytool.exitCode()).as(keytool.toString()).isZero();
    }
}
