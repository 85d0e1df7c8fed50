/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.smtorp.cli.CliFailure;
import org.smtorp.lab.james.JamesDistribution;
import org.smtorp.lab.james.JamesServer;
import org.smtorp.lab.james.JamesWorkingDirectory;
import org.smtorp.protocol.identity.ServerIdentity;

/**
 * One James memory server with SMTorP, as {@code smtorp run} and {@code smtorp demo} start it:
 * its working directory {@code DIR/james} written from {@link JamesConf}, its WebAdmin on
 * loopback, and a failure to start told in one line with the log's path.
 */
final class SmtorpJames implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final RunSettings settings;
    private final ServerIdentity identity;
    private final JamesServer james;
    private final JamesWebAdmin webAdmin;

    private SmtorpJames(RunSettings settings, ServerIdentity identity, JamesServer james) {
        this.settings = settings;
        this.identity = identity;
        this.james = james;
        this.webAdmin = new JamesWebAdmin(settings.webAdmin());
    }

    /** Lays out nothing yet: {@link #start()} writes the working directory and starts James. */
    static SmtorpJames of(RunSettings settings, ServerIdentity identity, String controlPassword,
                          Map<String, String> deliveryParameters) {
        JamesWorkingDirectory.Builder conf = JamesWorkingDirectory.builder(settings.jamesDirectory())
            .memoryServerBase()
            .extensionsJars(BuildTree.extensionsJars())
            .ownerOnly();
        JamesConf.files(settings, identity, controlPassword, deliveryParameters).forEach(conf::confFile);
        JamesConf.values(settings, identity).forEach(conf::value);
        return new SmtorpJames(settings, identity, JamesServer.of(JamesDistribution.memoryServer(), conf.build()));
    }

    /** The same server, stopped with SIGKILL (and a WARN naming the PID) if SIGTERM has not stopped it within {@code grace}. */
    SmtorpJames withStopGrace(Duration grace) {
        return new SmtorpJames(settings, identity, james.withStopGrace(grace));
    }

    /** Starts James and waits for its "started" line; how long that took. */
    Duration start() {
        launch();
        return awaitStarted();
    }

    /** Starts James without waiting: see {@link #awaitStarted()}. */
    void launch() {
        james.launch();
    }

    /** Waits for the "started" line of the James {@link #launch()} started; on failure James is stopped. */
    Duration awaitStarted() {
        try {
            return james.awaitStarted(START_TIMEOUT);
        } catch (IllegalStateException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            String log = james.log();
            throw new CliFailure(log.isEmpty() ? e.getMessage()
                : "James did not start: " + StartupFailure.explain(log) + "\n  (log: " + james.logFile() + ")");
        }
    }

    /** Creates a user of this server's onion domain with a random password, which it returns. */
    String createUser(String localPart) throws IOException, InterruptedException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        webAdmin.createUser(localPart + "@" + identity.onion().asString(), password);
        return password;
    }

    /** Why James stopped, from its log, for a message that also names the log. */
    String whyStopped() {
        return StartupFailure.explain(james.log()) + " (log: " + james.logFile() + ")";
    }

    boolean isRunning() {
        return james.isRunning();
    }

    RunSettings settings() {
        return settings;
    }

    ServerIdentity identity() {
        return identity;
    }

    JamesWebAdmin webAdmin() {
        return webAdmin;
    }

    Path logFile() {
        return james.logFile();
    }

    /** Stops James (SIGTERM: it removes its onion and stops its managed tor). */
    @Override
    public void close() {
        james.close();
    }

}
