/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.smtorp.lab.Directories;
import org.smtorp.lab.OwnSession;
import org.smtorp.lab.tor.TorNetwork;

/**
 * Tor as onionmx operators run it for an MTA that knows nothing of Tor: {@code DNSPort} answers
 * a look-up of {@code <onion>.onion} with an address of {@code VirtualAddrNetworkIPv4}
 * ({@code AutomapHostsOnResolve}), and a redirect sends TCP to such an address into
 * {@code TransPort}, which connects to the onion. Everything stays on loopback: the virtual
 * addresses are {@value #VIRTUAL_NETWORK}, and the redirect rule lives only in a network namespace
 * this class makes ({@code ip netns add}) and deletes on {@link #close()}, together with its
 * {@code /etc/netns/<name>/resolv.conf} (naming tor's DNSPort, which {@code ip netns exec} shows
 * as {@code /etc/resolv.conf} to the programs it runs). Needs root.
 *
 * <p>The namespace has a loopback of its own, so its tor reaches the private network's relays
 * (127.0.0.1 of the machine) through a bridge per relay port: socat listens on the same port
 * in the namespace and passes each connection over a Unix socket (file system, not network) to
 * a socat outside, which connects to the relay. Every process is ours, ended by its PID.
 */
final class OnionmxTor implements AutoCloseable {
    static final String VIRTUAL_NETWORK = "127.192.0.0/10";
    private static final int TRANS_PORT = 9040;
    private static final int DNS_PORT = 53;
    private static final Duration BOOTSTRAP_PATIENCE = Duration.ofSeconds(90);
    private static final Duration SOCKET_PATIENCE = Duration.ofSeconds(30);
    private static final Path NETNS_ETC = Paths.get("/etc/netns");

    private final String name;
    private final Path directory;
    private final List<Process> processes = new ArrayList<>();

    private OnionmxTor(String name, Path directory) {
        this.name = name;
        this.directory = directory;
    }

    /**
     * A namespace {@code name} (short: it is a file name in /run/netns) with tor joined to
     * {@code network} and bootstrapped; its files in {@code directory}, emptied first.
     */
    static OnionmxTor start(TorNetwork network, String name, Path directory) {
        OnionmxTor tor = new OnionmxTor(name, directory);
        try {
            Directories.deleteRecursively(directory);
            Files.createDirectories(directory);
            tor.createNamespace();
            for (int port : network.relayPorts()) {
                tor.bridge(port);
            }
            tor.startTor(network.joinTorrc());
            return tor;
        } catch (IOException | RuntimeException e) {
            tor.close();
            throw e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
        }
    }

    /** {@code command} as run inside the namespace ({@code ip netns exec}). */
    List<String> inside(List<String> command) {
        List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", name));
        inside.addAll(command);
        return inside;
    }

    /** tor's log, as it is now. */
    String log() {
        try {
            Path log = directory.resolve("tor.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createNamespace() throws IOException {
        run("ip", "netns", "add", name);
        run(inside(List.of("ip", "link", "set", "lo", "up")).toArray(String[]::new));
        Path etc = Files.createDirectories(NETNS_ETC.resolve(name));
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.1\n", StandardCharsets.US_ASCII);
        // onionmx's rule, on this namespace's loopback only: TCP to a virtual address goes to TransPort.
        run(inside(List.of("iptables", "-t", "nat", "-A", "OUTPUT", "-d", VIRTUAL_NETWORK, "-p", "tcp",
            "-j", "REDIRECT", "--to-ports", String.valueOf(TRANS_PORT))).toArray(String[]::new));
    }

    private void bridge(int port) throws IOException {
        Path socket = directory.resolve("relay-" + port + ".sock");
        start(List.of("socat", "UNIX-LISTEN:" + socket + ",fork", "TCP:127.0.0.1:" + port), "bridge-out-" + port);
        awaitFile(socket);
        start(inside(List.of("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
            "UNIX-CONNECT:" + socket)), "bridge-in-" + port);
    }

    private void startTor(Path joinTorrc) throws IOException {
        Path data = Directories.createPrivate(directory.resolve("data"));
        Path torrc = directory.resolve("torrc");
        Files.writeString(torrc, String.join("\n",
            "%include " + joinTorrc,
            "DataDirectory " + data,
            "Log notice file " + directory.resolve("tor.log"),
            "RunAsDaemon 0",
            "SocksPort 0",
            // onionmx's settings, on loopback: .onion names resolve to 127.192.0.0/10, which TransPort serves.
            "TransPort 127.0.0.1:" + TRANS_PORT,
            "DNSPort 127.0.0.1:" + DNS_PORT,
            "AutomapHostsOnResolve 1",
            "AutomapHostsSuffixes .onion",
            "VirtualAddrNetworkIPv4 " + VIRTUAL_NETWORK,
            ""), StandardCharsets.US_ASCII);
        Process tor = start(inside(List.of("tor", "-f", torrc.toString())), "tor");
        await().atMost(BOOTSTRAP_PATIENCE).pollInterval(Duration.ofMillis(200))
            .failFast("tor in namespace " + name + " ended", () -> !tor.isAlive())
            .until(() -> log().contains("Bootstrapped 100%"));
    }

    private Process start(List<String> command, String output) throws IOException {
        Process process = new ProcessBuilder(OwnSession.command(command))
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve(output + ".out").toFile())
            .start();
        processes.add(process);
        return process;
    }

    private static void awaitFile(Path file) {
        await().atMost(SOCKET_PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(file));
    }

    @Override
    public void close() {
        processes.forEach(ChildProcesses::end);
        processes.clear();
        try {
            if (Files.exists(Paths.get("/run/netns", name))) {
                run("ip", "netns", "del", name);
            }
            Directories.deleteRecursively(NETNS_ETC.resolve(name));
            // Removed once empty; kept while another namespace has files there.
            Files.deleteIfExists(NETNS_ETC);
        } catch (DirectoryNotEmptyException e) {
            // Another namespace's files: not ours to remove.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException {
        try {
            PeerRun run = PeerRun.of(command);
            if (run.exitCode() != 0) {
                throw new IllegalStateException(run.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    @Override
    public String toString() {
        return "tor with TransPort and DNSPort in network namespace " + name;
    }
}
