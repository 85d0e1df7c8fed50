/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.smtorp.cli.CliFailure;

import org.smtorp.extension.tor.TorMode;
import org.smtorp.protocol.identity.ServerIdentity;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code smtorp run --dir DIR}: a James memory server with SMTorP, configured from the
 * shipped {@code conf/} files, serving the identity in DIR on an onion service.
 */
@Command(name = "run",
    description = {"Starts James (the memory server) with SMTorP for the identity in DIR, made first if DIR has none.",
        "Writes James's working directory to DIR/james at every start. Prints the SMTorP domain, the ports and the",
        "onion service's state until READY, then keeps running; SIGINT or SIGTERM stops James and its tor."})
public final class RunCommand implements Callable<Integer> {
    private static final Duration STOP_CHECK = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
        description = "The server's directory: its identity (as `smtorp init DIR` makes it), DIR/james, DIR/tor.")
    Path directory;

    @Option(names = "--tor", paramLabel = "MODE", defaultValue = "managed", converter = ModeConverter.class,
        description = "managed (start our own tor), attach (a running tor's control port), static (a HiddenServiceDir"
            + " tor owns), none (the onion listener only). Default: ${DEFAULT-VALUE}.")
    TorMode mode;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:2525", converter = EndpointConverter.class,
        description = "The onion listener, where tor forwards the onion's port 25. Default: ${DEFAULT-VALUE}.")
    Endpoint listen;

    @Option(names = "--submission", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5870",
        converter = EndpointConverter.class,
        description = "SMTP for mail clients on this machine (relays for 127.0.0.0/8). Default: ${DEFAULT-VALUE}.")
    Endpoint submission;

    @Option(names = "--webadmin", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8000",
        converter = EndpointConverter.class, description = "James's WebAdmin. Default: ${DEFAULT-VALUE}.")
    Endpoint webAdmin;

    @Option(names = "--socks", paramLabel = "HOST:PORT", converter = EndpointConverter.class,
        description = "The SOCKS port onion delivery goes through: managed, the one our tor opens (default"
            + " 127.0.0.1:9060); attach, static, none, that of the tor that runs already (default 127.0.0.1:9050).")
    Optional<Endpoint> socks;

    @Option(names = "--tor-binary", paramLabel = "FILE", defaultValue = "tor",
        description = "managed: the tor program. Default: ${DEFAULT-VALUE}.")
    String torBinary;

    @Option(names = "--control", paramLabel = "HOST:PORT", converter = EndpointConverter.class,
        description = "attach: the control port of the running tor.")
    Optional<Endpoint> control;

    @Option(names = "--control-cookie", paramLabel = "FILE", description = "attach: tor's control cookie file.")
    Optional<Path> cookieFile;

    @Option(names = "--control-password-file", paramLabel = "FILE",
        description = "attach: a file holding the control password (kept off the command line).")
    Optional<Path> passwordFile;

    @Option(names = "--hidden-service-dir", paramLabel = "DIR",
        description = "static: the HiddenServiceDir that tor owns (HiddenServicePort 25 -> --listen).")
    Optional<Path> hiddenServiceDirectory;

    // For a private Tor network (tests, the demo): extra torrc lines for the managed tor.
    @Option(names = "--torrc-include", paramLabel = "FILE", hidden = true)
    Optional<Path> torrcInclude;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "300",
        description = "How long to wait for READY before saying so (run keeps running). Default: ${DEFAULT-VALUE}.")
    int readyTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Instant begin = Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        RunSettings settings = settings();
        settings.listeners().forEach((option, endpoint) -> {
            if (!endpoint.isFree()) {
                throw new CliFailure(option + " " + endpoint + ": the port is in use");
            }
        });
        ServerIdentity identity = identity(settings, out);
        String controlPassword = settings.passwordFile().map(RunCommand::readPassword).orElse("");
        SmtorpJames james = SmtorpJames.of(settings, identity, controlPassword, Map.of());
        printSettings(out, settings, identity);

        StopSignals signals = StopSignals.install();
        Thread hook = new Thread(james::close, "smtorp-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.printf("James started in %.1f s%n", james.start().toMillis() / 1000.0);
            out.flush();
            createPostmaster(james, out);
            StatusWatch watch = new StatusWatch(james.webAdmin(), out, begin);
            awaitReady(watch, settings, identity, () -> !signals.requested() && james.isRunning());
            watch.followInBackground();
            out.println("Running. Ctrl-C or SIGTERM stops James" + (settings.mode() == TorMode.MANAGED ? " and its tor." : "."));
            out.flush();
            while (!signals.await(STOP_CHECK)) {
                if (!james.isRunning() && !signals.await(STOP_CHECK.multipliedBy(2))) {
                    throw new CliFailure("James stopped: " + james.whyStopped());
                }
            }
            out.println("Stopping James...");
            out.flush();
        } finally {
            james.close();
            removeShutdownHook(hook);
        }
        out.println("Stopped.");
        return 0;
    }

    private RunSettings settings() {
        return RunSettings.builder(directory, mode)
            .listen(listen).submission(submission).webAdmin(webAdmin).socks(socks).torBinary(torBinary)
            .torrcInclude(torrcInclude).control(control).cookieFile(cookieFile).passwordFile(passwordFile)
            .hiddenServiceDirectory(hiddenServiceDirectory)
            .build();
    }

    private static ServerIdentity identity(RunSettings settings, PrintWriter out) throws IOException {
        Path dir = settings.directory();
        if (ServerIdentity.exists(dir)) {
            return ServerIdentity.load(dir);
        }
        ServerIdentity created = ServerIdentity.create(dir);
        out.println("No identity in " + dir + ": created one, as `smtorp init " + dir + "` would.");
        return created;
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new CliFailure("--control-password-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static void printSettings(PrintWriter out, RunSettings settings, ServerIdentity identity) {
        String onion = identity.onion().asString();
        out.println("SMTorP domain: " + identity.domain().asString());
        row(out, "identity", settings.directory().toString());
        row(out, "onion listener", settings.listen() + " (tor forwards " + onion + ":25 here)");
        row(out, "submission", settings.submission() + " (mail clients on this machine; never reachable through tor)");
        row(out, "WebAdmin", "http://" + settings.webAdmin() + " (loopback, no authentication)");
        row(out, "tor", tor(settings));
        row(out, "James", settings.jamesDirectory() + " (log: " + settings.jamesDirectory().resolve("james.log") + ")");
        out.flush();
    }

    private static String tor(RunSettings settings) {
        switch (settings.mode()) {
            case MANAGED:
                return "managed, SOCKS " + settings.socks() + ", data " + settings.torDataDirectory();
            case ATTACH:
                return "attach, control port " + settings.control().orElseThrow() + ", SOCKS " + settings.socks();
            case STATIC:
                return "static, HiddenServiceDir " + settings.hiddenServiceDirectory().orElseThrow() + ", SOCKS "
                    + settings.socks();
            default:
                return "none: point a tor's HiddenServicePort 25 at " + settings.listen() + "; SOCKS "
                    + settings.socks();
        }
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("  %-15s %s%n", name, value);
    }

    // RFC 5321 wants postmaster to take mail; James answers 550 5.1.1 for a user it does not know.
    private static void createPostmaster(SmtorpJames james, PrintWriter out) throws IOException, InterruptedException {
        james.createUser("postmaster");
        String postmaster = "postmaster@" + james.identity().onion().asString();
        out.println("Created the user " + postmaster + " (set its password with WebAdmin: PUT /users/" + postmaster + ")");
    }

    private void awaitReady(StatusWatch watch, RunSettings settings, ServerIdentity identity,
                            java.util.function.BooleanSupplier keepWaiting) throws InterruptedException {
        if (settings.mode() == TorMode.NONE) {
            watch.poll();
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (watch.awaitReady(Duration.ofSeconds(readyTimeoutSeconds), keepWaiting)) {
            out.printf("Reachable through Tor at %s:25, %.1f s after smtorp run began%n", identity.onion().asString(),
                watch.seconds());
        } else if (keepWaiting.getAsBoolean()) {
            out.println("Not READY after " + readyTimeoutSeconds + " s; still trying (see "
                + settings.jamesDirectory().resolve("james.log") + ")");
        }
        out.flush();
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is exiting; the hook stops James.
        }
    }

    static final class EndpointConverter implements CommandLine.ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            return Endpoint.parse(value);
        }
    }

    static final class ModeConverter implements CommandLine.ITypeConverter<TorMode> {
        @Override
        public TorMode convert(String value) {
            return TorMode.parse(value);
        }
    }
}
