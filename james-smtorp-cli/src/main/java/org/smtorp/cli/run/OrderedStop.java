/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.smtorp.cli.CliFailure;
import org.smtorp.lab.tor.TorNetwork;

/**
 * Stops what the demo started, in order and within a bound: every James server at once
 * (each SIGTERM, SIGKILL after its stop grace), then the private Tor network they use (each
 * tor SIGTERM, SIGKILL after 3 s). Runs once, from the command's end or from the JVM's
 * shutdown hook, whichever comes first; the other waits for it. Registering anything after
 * the stop fails (a network is stopped first), so a start cut short goes no further.
 */
final class OrderedStop implements Runnable {
    private final List<SmtorpJames> servers = new ArrayList<>();
    private Optional<TorNetwork> network = Optional.empty();
    private boolean stopped;

    synchronized TorNetwork network(TorNetwork started) {
        if (stopped) {
            started.close();
            throw new CliFailure("stopped while the Tor network started");
        }
        network = Optional.of(started);
        return started;
    }

    synchronized SmtorpJames james(SmtorpJames server) {
        if (stopped) {
            throw new CliFailure("stopped before James started");
        }
        servers.add(server);
        return server;
    }

    @Override
    public synchronized void run() {
        if (stopped) {
            return;
        }
        stopped = true;
        List<Thread> stopping = new ArrayList<>();
        for (SmtorpJames server : servers) {
            Thread thread = new Thread(server::close, "smtorp-stop-" + server.settings().directory().getFileName());
            thread.start();
            stopping.add(thread);
        }
        stopping.forEach(OrderedStop::joinUninterruptibly);
        network.ifPresent(TorNetwork::close);
    }

    // Each server's close() is bounded; an interrupt must not let the tors stop before James.
    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
