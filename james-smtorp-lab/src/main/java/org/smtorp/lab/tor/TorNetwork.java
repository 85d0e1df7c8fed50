/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.lab.Directories;

/**
 * A private Tor network on 127.0.0.1: 3 directory authorities, 2 relays, a client whose
 * SOCKS port reaches onion services, and an {@link OnionHost} that publishes them.
 * {@link #start} returns once the client and the onion host are bootstrapped.
 *
 * <p>{@link #close()} ends exactly the tors it started. A JVM shutdown hook does the same
 * if the JVM exits first, and every tor exits by itself soon after this JVM dies
 * ({@code __OwningControllerProcess}).
 */
public final class TorNetwork implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(TorNetwork.class);
    static final String JOIN_TORRC = "join.torrc";

    private final PortBlock ports;
    private final Path directory;
    private final TorProcessGroup processes;
    private final TorNode client;
    private final List<Integer> relayPorts;
    private final OnionHost onionHost;
    private final StartupTimings timings;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TorNetwork(PortBlock ports, Path directory, TorProcessGroup processes, NetworkLayout layout,
                       NetworkLauncher.Launched launched, Thread shutdownHook) {
        this.ports = ports;
        this.directory = directory;
        this.processes = processes;
        this.client = layout.client();
        this.relayPorts = layout.relays().stream()
            .flatMap(node -> IntStream.concat(node.orPort().stream(), node.dirPort().stream()).boxed())
            .collect(Collectors.toUnmodifiableList());
        this.onionHost = launched.onionHost();
        this.timings = launched.timings();
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts the network: about 10 s on a 2-core machine, up to 20 s when the authorities'
     * first consensus misses a relay and the next vote is 10 s later.
     *
     * @throws TorNetworkException naming the tor that failed or timed out, what was awaited,
     *     and the end of that tor's log; every tor started so far is stopped
     */
    public static TorNetwork start(TorNetworkConfiguration configuration) {
        PortBlock ports = PortBlock.reserve();
        TorProcessGroup processes = new TorProcessGroup();
        Thread shutdownHook = new Thread(() -> stop(processes, ports), "smtorp-tor-network-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            // Named after the port block we hold, so no concurrent run uses it; a stale one is from an ended run.
            Path directory = configuration.workDirectory().resolve("tor-" + ports.first());
            Directories.deleteRecursively(directory);
            Directories.createPrivate(directory);
            LOGGER.info("Starting a private Tor network in {} on 127.0.0.1 {}", directory, ports);
            NetworkLayout layout = NetworkLayout.of(directory, ports);
            NetworkLauncher.Launched launched = new NetworkLauncher(configuration, layout, directory, processes,
                Clock.systemUTC()).launch();
            LOGGER.info("Private Tor network ready, SOCKS 127.0.0.1:{}: {}", layout.client().socksPort().getAsInt(),
                launched.timings());
            return new TorNetwork(ports, directory, processes, layout, launched, shutdownHook);
        } catch (IOException e) {
            abort(processes, ports, shutdownHook);
            throw new UncheckedIOException("cannot start the private Tor network", e);
        } catch (RuntimeException e) {
            abort(processes, ports, shutdownHook);
            throw e;
        }
    }

    /** The client's SOCKS5 port, {@code 127.0.0.1:port} ({@code ExtendedErrors}: onion-specific replies). */
    public InetSocketAddress socksAddress() {
        return Loopback.port(client.socksPort().getAsInt());
    }

    /**
     * A {@link Proxy} for {@link java.net.Socket}; give it unresolved onion addresses. Beware:
     * Java's SOCKS client takes tor's onion-specific failure replies (0xF0-0xF7) for success
     * and leaves the rest of the reply in the data stream, so a refused connection looks
     * like one that sends a few bytes and closes. Code that must tell failures apart speaks
     * SOCKS5 to {@link #socksAddress()} itself.
     */
    public Proxy socksProxy() {
        return new Proxy(Proxy.Type.SOCKS, socksAddress());
    }

    /**
     * The ports on 127.0.0.1 of the network's relays and authorities (ORPorts and DirPorts): what a
     * tor in a network namespace of a test's must be able to reach there to join the network.
     */
    public List<Integer> relayPorts() {
        return relayPorts;
    }

    /** The client's control port, e.g. to watch its circuits. */
    public ControlEndpoint clientControl() {
        return client.controlEndpoint();
    }

    public OnionHost onionHost() {
        return onionHost;
    }

    public StartupTimings timings() {
        return timings;
    }

    /**
     * A torrc fragment with what any other tor needs to join this network (its authorities
     * and testing settings), for {@code %include} in the torrc of a tor James manages.
     */
    public Path joinTorrc() {
        return directory.resolve(JOIN_TORRC);
    }

    /** The run's folder: each tor's torrc, data and {@code tor.log}, kept after close for post-mortems. */
    public Path directory() {
        return directory;
    }

    /** Stops every tor of the network and releases its ports. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        onionHost.close();
        stop(processes, ports);
        removeShutdownHook(shutdownHook);
        LOGGER.info("Private Tor network in {} stopped", directory);
    }

    // A start cut short by an interrupt (the demo's Ctrl-C) still stops its tors with SIGTERM and a grace period.
    private static void abort(TorProcessGroup processes, PortBlock ports, Thread shutdownHook) {
        boolean interrupted = Thread.interrupted();
        try {
            stop(processes, ports);
            removeShutdownHook(shutdownHook);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void stop(TorProcessGroup processes, PortBlock ports) {
        processes.stopAll();
        ports.close();
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is exiting and the hook is stopping the tors.
        }
    }

    @Override
    public String toString() {
        return "TorNetwork[" + directory + ", SOCKS " + socksAddress() + "]";
    }
}
