/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.smtorp.lab.Directories;
import org.smtorp.lab.tor.OnionService;
import org.smtorp.lab.tor.PortBlock;
import org.smtorp.lab.tor.TorExecutable;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * {@code bin/smtorp run} as an operator starts it, a child process of the test: in managed
 * mode on the private network it prints READY, its onion takes mail for postmaster through
 * the network's client, and SIGTERM stops it with status 0 and no tor left. Bad
 * configuration fails with a message naming the option or the file and key.
 */
@ExtendWith(PrivateTorNetworkExtension.class)
class RunCommandIT {
    private static final Duration READY_WITHIN = Duration.ofSeconds(180);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(60);

    private static final ServerIdentity RECEIVER = OnionListener.createIdentity("RunCommandIT-receiver");

    /** An onion that takes mail, for run's delivery: cheap argon2id proofs, every mail kept in var/mail/inbox. */
    @RegisterExtension
    static JamesServerExtension receiver = OnionListener.jamesOffering(RECEIVER, "argon2id=3", "sha256=off",
            "hashcash=off")
        .configuredWith(conf -> conf.confLayer(Path.of(System.getProperty("smtorp.testResources"), "conf",
            "onion-receiver")));

    private final PortBlock ports = PortBlock.reserve();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        ports.close();
    }

    @Test
    void runShouldServeTheOnionUntilSigterm(TorNetwork network) throws Exception {
        Path dir = freshDirectory("RunCommandIT-managed");
        ServerIdentity identity = ServerIdentity.create(dir);
        Instant begin = Instant.now();
        Run run = start(List.of("--dir", dir.toString(), "--tor", "managed",
            "--listen", "127.0.0.1:" + ports.port(0), "--submission", "127.0.0.1:" + ports.port(1),
            "--webadmin", "127.0.0.1:" + ports.port(2), "--socks", "127.0.0.1:" + ports.port(3),
            "--tor-binary", TorExecutable.tor(), "--torrc-include", network.joinTorrc().toString()));

        run.awaitOutput("onion service READY", READY_WITHIN);
        Duration ready = Duration.between(begin, Instant.now());
        try (TlsOnionClient client = TlsOnionClient.connect(network.socksAddress(), identity.onion(), PATIENCE)) {
            Duration reachable = Duration.between(begin, Instant.now());
            System.out.println("RunCommandIT: READY " + ready.toMillis() + " ms and reachable through tor "
                + reachable.toMillis() + " ms after bin/smtorp run started");
            assertThat(client.greeting()).isEqualTo("220 " + identity.onion().asString() + " ESMTP");
            assertThat(client.exchange("EHLO sender.example")).startsWith("250 ");
            assertThat(client.exchange("MAIL FROM:<a@sender.example>")).startsWith("250 ");
            assertThat(client.exchange("RCPT TO:<postmaster@" + identity.onion().asString() + ">")).startsWith("250 ");
        }
        assertThat(run.output()).contains("SMTorP domain: " + identity.domain().asString())
            .contains("onion listener  127.0.0.1:" + ports.port(0));
        long tor = Long.parseLong(Files.readString(dir.resolve("tor/tor.pid"), StandardCharsets.US_ASCII).trim());

        // SIGTERM through the handle: Process.destroy() would also close our end of its output.
        run.process.toHandle().destroy();

        assertThat(run.process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(run.process.exitValue()).as(run.output()).isZero();
        assertThat(ProcessHandle.of(tor).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(run.output()).contains("Stopped.");
        assertThat(Files.readString(dir.resolve("james/james.log"))).contains("Removed onion service " + identity.onion());
    }

    /**
     * With a tor that runs already (here the private network's client, and tor owning the
     * HiddenServiceDir), run delivers through that tor's SOCKS port: before issue 14 only a managed
     * tor's port was known, and such a run kept onion mail in a repository, undelivered.
     */
    @Test
    void runWithAStaticOnionShouldDeliverThroughTheSocksPortOfTheTorThatRunsAlready(TorNetwork network)
        throws Exception {
        OnionService published = OnionListener.publish(network, RECEIVER, receiver, PATIENCE);
        try {
            new WebAdmin(receiver.port(OnionListener.WEBADMIN)).createUser("bob@" + RECEIVER.onion().asString(),
                "bobs-password");
            Path dir = freshDirectory("RunCommandIT-static-delivery");
            ServerIdentity identity = ServerIdentity.create(dir);
            int submission = ports.port(8);
            Run run = start(List.of("--dir", dir.toString(), "--tor", "static",
                "--hidden-service-dir", identity.hiddenServiceDir().path().toString(),
                "--listen", "127.0.0.1:" + ports.port(7), "--submission", "127.0.0.1:" + submission,
                "--webadmin", "127.0.0.1:" + ports.port(9), "--socks", hostPort(network.socksAddress())));
            run.awaitOutput("Running.", READY_WITHIN);
            String subject = "run-static-" + UUID.randomUUID();

            submit(submission, "alice@" + identity.onion().asString(), "bob@" + RECEIVER.onion().asString(), subject);

            ReceivedMails inbox = new ReceivedMails(receiver.port(OnionListener.WEBADMIN), "var/mail/inbox");
            List<String> found = new ArrayList<>();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
                found.addAll(inbox.all(subject));
                return !found.isEmpty();
            });
            assertThat(found.get(0)).contains("EHLO " + identity.onion().asString());
            // First-use pins outside the James directory run rewrites at each start.
            assertThat(dir.resolve("pins").resolve(RECEIVER.onion().serviceId() + ".pin")).content()
                .contains(RECEIVER.fingerprint().asString());
            run.process.toHandle().destroy();
            assertThat(run.process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } finally {
            network.onionHost().unpublish(published);
        }
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static void submit(int port, String sender, String recipient, String subject) throws IOException {
        SMTPClient client = new SMTPClient();
        client.connect("127.0.0.1", port);
        try {
            client.helo("client.example");
            assertThat(client.setSender(sender)).as(client.getReplyString()).isTrue();
            assertThat(client.addRecipient(recipient)).as(client.getReplyString()).isTrue();
            assertThat(client.sendShortMessageData("From: " + sender + "\r\nTo: " + recipient + "\r\nSubject: "
                + subject + "\r\n\r\nHello over a tor that runs already.\r\n")).as(client.getReplyString()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void runShouldNameTheMissingOptionBeforeStartingJames() throws Exception {
        Run run = start(List.of("--dir", freshDirectory("RunCommandIT-attach").toString(), "--tor", "attach"));

        assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process.exitValue()).isEqualTo(1);
        assertThat(run.errors()).contains("run: --control HOST:PORT is required with --tor attach");
    }

    @Test
    void runShouldShowTheLineWhyJamesDidNotStart() throws Exception {
        Path dir = freshDirectory("RunCommandIT-static");
        Run run = start(List.of("--dir", dir.toString(), "--tor", "static",
            "--hidden-service-dir", dir.resolve("no-such-dir").toString(),
            "--listen", "127.0.0.1:" + ports.port(4), "--submission", "127.0.0.1:" + ports.port(5),
            "--webadmin", "127.0.0.1:" + ports.port(6)));

        assertThat(run.process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process.exitValue()).isEqualTo(1);
        assertThat(run.errors()).contains("run: James did not start: smtorp.properties: tor.hiddenServiceDirectory:")
            .doesNotContain("\tat ");
    }

    private Run start(List<String> arguments) throws IOException {
        Path home = Paths.get(System.getProperty("smtorp.home"));
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/smtorp").toString(), "run"));
        command.addAll(arguments);
        Path errors = Files.createTempFile(IntegrationEnvironment.workDir(), "run-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        // The jar as the build made it: no rebuild while others edit the tree.
        builder.environment().put("SMTORP_SKIP_BUILD", "1");
        Process process = builder.start();
        started.add(process);
        return new Run(process, errors);
    }

    private static Path freshDirectory(String name) throws IOException {
        Path dir = IntegrationEnvironment.workDir().resolve(name);
        Directories.deleteRecursively(dir);
        return dir;
    }

    /** A running {@code bin/smtorp run}: its standard output as read so far, its standard error file. */
    private static final class Run {
        private final Process process;
        private final Path errors;
        private final StringBuffer output = new StringBuffer();

        Run(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            Thread reader = new Thread(this::read, "run-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("(output ended: ").append(e.getMessage()).append(")\n");
            }
        }

        void awaitOutput(String text, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (!output().contains(text)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("bin/smtorp run did not print \"" + text + "\""
                        + exit().map(status -> " (exited " + status + ")").orElse("") + ":\n" + output()
                        + "\nstandard error:\n" + errors());
                }
                Thread.sleep(200);
            }
        }

        private Optional<Integer> exit() {
            return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
        }

        String output() {
            return output.toString();
        }

        String errors() {
            try {
                return Files.readString(errors, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
