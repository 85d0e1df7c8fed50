/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.smtorp.cli.CliFailure;
import org.smtorp.extension.tor.TorMode;
import org.smtorp.lab.tor.PortBlock;
import org.smtorp.lab.tor.TorExecutable;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.lab.tor.TorNetworkConfiguration;
import org.smtorp.lab.tor.TorNetworkException;
import org.smtorp.protocol.address.MailtoUri;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.qr.QrCode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code smtorp demo [--once]}: a private Tor network on 127.0.0.1 and two James servers with
 * SMTorP, alice and bob, each on its own onion; alice's user mails bob's full SMTorP address
 * and each step is shown with its time. Then it keeps running for the user to try, or with
 * {@code --once} checks bob's mailbox, stops everything and says whether the mail arrived.
 */
@Command(name = "demo",
    description = {"Starts a private Tor network on 127.0.0.1 and two James servers with SMTorP (alice and bob),",
        "sends a mail from alice to bob's SMTorP address through Tor and shows each step with its time.",
        "Keeps running until Ctrl-C; with --once, checks that the mail reached bob's mailbox and stops."})
public final class DemoCommand implements Callable<Integer> {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration STOP_CHECK = Duration.ofSeconds(1);
    // James stops in 4-6 s here; with the tors' 3 s after it, the whole stop stays within 15 s.
    private static final Duration JAMES_STOP_GRACE = Duration.ofSeconds(8);
    // The first lookup of a descriptor just uploaded may fail; tor then waits before asking again.
    private static final Map<String, String> QUICK_RETRIES = Map.of("delayTime", "3 seconds", "maxRetries", "20");

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "Check that the mail reached bob's mailbox, stop everything, exit 0 (or 1 with the reason).")
    boolean once;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Where the demo keeps the Tor network, alice/ and bob/ (default: a new folder in the temp directory).")
    Optional<Path> directory;

    @Option(names = "--delivery-timeout", paramLabel = "SECONDS", defaultValue = "180",
        description = "How long the mail may take to reach bob's mailbox. Default: ${DEFAULT-VALUE}.")
    int deliveryTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        // The demo prints its own steps; the lab's INFO lines would say them twice (before its first logger).
        System.setProperty("org.slf4j.simpleLogger.log.org.smtorp.lab", "warn");
        DemoSteps steps = new DemoSteps(spec.commandLine().getOut(), Instant.now());
        String tor = torBinary(steps);
        Path dir = directory.isPresent() ? Files.createDirectories(directory.get().toAbsolutePath())
            : Files.createTempDirectory("smtorp-demo-");
        steps.note("SMTorP demo in " + dir + " (everything on 127.0.0.1)");
        StopSignals signals = StopSignals.install();
        OrderedStop stop = new OrderedStop();
        Thread hook = new Thread(stop, "smtorp-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Duration stopTook = Duration.ZERO;
        try (PortBlock ports = PortBlock.reserve()) {
            // Ctrl-C at any step (the network's start, James's, READY, the delivery) ends the step's wait at once.
            signals.interruptOnStop();
            try {
                TorNetwork network = stop.network(startNetwork(dir, steps));
                SmtorpJames alice = stop.james(server(dir.resolve("alice"), ports, 0, tor, network));
                SmtorpJames bob = stop.james(server(dir.resolve("bob"), ports, 4, tor, network));
                demonstrate(alice, bob, steps, signals);
            } catch (Exception e) {
                // A step cut short by the stop fails in its own way (interrupted, a James gone): the stop is the news.
                if (!signals.requested()) {
                    throw e;
                }
            } finally {
                signals.stopInterrupting();
                steps.note(signals.signalName().map(name -> name + ": stopping").orElse("Stopping")
                    + " alice and bob, then the Tor network...");
                Instant stopBegin = Instant.now();
                stop.run();
                removeShutdownHook(hook);
                stopTook = Duration.between(stopBegin, Instant.now());
            }
        }
        if (signals.requested()) {
            steps.print(String.format(Locale.ROOT, "stopped: James servers and tors ended in %.1f s",
                stopTook.toMillis() / 1000.0));
            if (once) {
                spec.commandLine().getErr().println("demo: stopped by " + signals.signalName().orElseThrow()
                    + " before the check finished");
                return signals.shellStatus().orElseThrow();
            }
            return 0;
        }
        steps.print("demo passed: the mail reached bob's mailbox; everything stopped");
        return 0;
    }

    private void demonstrate(SmtorpJames alice, SmtorpJames bob, DemoSteps steps, StopSignals signals)
        throws IOException, InterruptedException {
        startBoth(alice, bob, steps);
        awaitReady(alice, bob, steps);
        alice.createUser("alice");
        bob.createUser("bob");
        steps.print("users created through WebAdmin: alice@" + alice.identity().onion().asString() + ", bob@"
            + bob.identity().onion().asString());
        sendAndFollow(alice, bob, steps);
        printNext(alice, bob, steps);
        if (!once) {
            steps.note("Running. Ctrl-C stops both James servers, then their tors and the Tor network (within 15 s).");
            while (!signals.await(STOP_CHECK)) {
                if (!alice.isRunning() || !bob.isRunning()) {
                    throw new CliFailure("James stopped: " + (alice.isRunning() ? bob : alice).whyStopped());
                }
            }
        }
    }

    // The demo needs tor; on a Debian machine, root gets it installed as bin/test would.
    private static String torBinary(DemoSteps steps) throws IOException, InterruptedException {
        try {
            return TorExecutable.tor();
        } catch (TorNetworkException missing) {
            if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Paths.get("/usr/bin/apt-get"))) {
                throw new CliFailure("tor is not installed: install it with `sudo apt-get install -y tor` (Debian,"
                    + " Ubuntu) and run the demo again");
            }
            steps.note("tor is not installed: apt-get install -y tor");
            for (List<String> command : List.of(List.of("apt-get", "update"), List.of("apt-get", "install", "-y", "tor"))) {
                int status = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
                if (status != 0) {
                    throw new CliFailure(String.join(" ", command) + " failed with status " + status);
                }
            }
            return TorExecutable.tor();
        }
    }

    private static TorNetwork startNetwork(Path dir, DemoSteps steps) {
        TorNetwork network = TorNetwork.start(TorNetworkConfiguration.of(dir, keyCache()));
        steps.print("private Tor network ready: 3 authorities, 2 relays, a client on SOCKS " + network.socksAddress()
            .getPort() + " (" + network.timings() + ")");
        return network;
    }

    // Outside the demo folder: making the authorities' keys takes seconds, later demos reuse them.
    private static Path keyCache() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isEmpty() ? Paths.get(cache)
            : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("smtorp").resolve("tor-authority-keys");
    }

    private static SmtorpJames server(Path dir, PortBlock ports, int first, String tor, TorNetwork network)
        throws IOException {
        RunSettings settings = RunSettings.builder(dir, TorMode.MANAGED)
            .listen(Endpoint.of(ports.port(first))).submission(Endpoint.of(ports.port(first + 1)))
            .webAdmin(Endpoint.of(ports.port(first + 2))).socks(Optional.of(Endpoint.of(ports.port(first + 3))))
            .torBinary(tor).torrcInclude(Optional.of(network.joinTorrc()))
            .build();
        ServerIdentity identity = ServerIdentity.exists(dir) ? ServerIdentity.load(dir) : ServerIdentity.create(dir);
        return SmtorpJames.of(settings, identity, "", QUICK_RETRIES).withStopGrace(JAMES_STOP_GRACE);
    }

    // Both start together; this thread waits for them, so that a stop interrupts the wait.
    private static void startBoth(SmtorpJames alice, SmtorpJames bob, DemoSteps steps) {
        alice.launch();
        bob.launch();
        alice.awaitStarted();
        steps.print("alice's James started (" + alice.settings().jamesDirectory() + ")");
        bob.awaitStarted();
        steps.print("bob's James started (" + bob.settings().jamesDirectory() + ")");
    }

    private static void awaitReady(SmtorpJames alice, SmtorpJames bob, DemoSteps steps) throws InterruptedException {
        StatusWatch aliceWatch = new StatusWatch(alice.webAdmin(), steps.out(), steps.begin(), "alice's ");
        StatusWatch bobWatch = new StatusWatch(bob.webAdmin(), steps.out(), steps.begin(), "bob's ");
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        boolean aliceReady = false;
        boolean bobReady = false;
        while (!(aliceReady && bobReady)) {
            if (Instant.now().isAfter(deadline)) {
                throw new CliFailure("demo failed at the step \"onions published\": " + (aliceReady ? "bob's" : "alice's")
                    + " onion service not READY after " + READY_TIMEOUT.toSeconds() + " s (log: "
                    + (aliceReady ? bob : alice).logFile() + ")");
            }
            checkRunning(alice, "alice's");
            checkRunning(bob, "bob's");
            aliceReady = aliceWatch.poll().map(JamesWebAdmin.Status::isReady).orElse(false);
            bobReady = bobWatch.poll().map(JamesWebAdmin.Status::isReady).orElse(false);
            Thread.sleep(POLL.toMillis());
        }
        steps.print("onions published: both descriptors uploaded (READY)");
    }

    private static void checkRunning(SmtorpJames james, String whose) {
        if (!james.isRunning()) {
            throw new CliFailure("demo failed at the step \"onions published\": " + whose + " James stopped: "
                + james.whyStopped());
        }
    }

    private void sendAndFollow(SmtorpJames alice, SmtorpJames bob, DemoSteps steps)
        throws IOException, InterruptedException {
        String from = "alice@" + alice.identity().onion().asString();
        String to = SmtorpAddress.of("bob", bob.identity().domain()).asString();
        DeliveryWatch watch = new DeliveryWatch(alice, bob, steps);
        String reply = new Submission(alice.settings().submission(), alice.identity().onion().asString())
            .send(from, to, "Hello over Tor", "Hello bob, this came through two onion services.\n");
        steps.print("alice's submission port " + alice.settings().submission() + " took the mail for " + to + ": "
            + reply);
        watch.awaitDelivered("bob@" + bob.identity().onion().asString(), 1,
            Duration.ofSeconds(deliveryTimeoutSeconds));
    }

    private void printNext(SmtorpJames alice, SmtorpJames bob, DemoSteps steps) {
        SmtorpAddress aliceAddress = SmtorpAddress.of("alice", alice.identity().domain());
        SmtorpAddress bobAddress = SmtorpAddress.of("bob", bob.identity().domain());
        steps.note("");
        steps.note(once ? "What to try next (run `bin/smtorp demo` without --once to keep the servers up):"
            : "What to try next:");
        steps.note("  alice  " + aliceAddress.asString());
        steps.note("  bob    " + bobAddress.asString());
        steps.note("  swaks --server " + alice.settings().submission() + " --from alice@"
            + alice.identity().onion().asString() + " --to " + bobAddress.asString() + " --header 'Subject: hi bob'");
        steps.note("  curl http://" + bob.settings().webAdmin() + "/users/bob@" + bob.identity().onion().asString()
            + "/mailboxes/INBOX/messageCount");
        steps.note("  logs: " + alice.logFile() + " and " + bob.logFile());
        steps.note("bob's address as a QR code (" + MailtoUri.of(bobAddress).asString() + "):");
        steps.out().print(QrCode.of(MailtoUri.of(bobAddress).asString()).toTerminalText());
        steps.out().flush();
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is exiting; the hook stops everything.
        }
    }
}
