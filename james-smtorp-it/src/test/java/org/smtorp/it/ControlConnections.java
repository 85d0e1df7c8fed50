/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP connections to a tor control port, seen and cut with iproute2's {@code ss}:
 * {@code ss -K} destroys one socket (the kernel's SOCK_DESTROY, CONFIG_INET_DIAG_DESTROY,
 * as root), so a test can drop exactly one process's control connection while other
 * controllers of the same tor keep theirs. Tor itself offers no way to close another
 * controller's connection, and {@code SIGNAL RELOAD} keeps them all.
 */
final class ControlConnections {
    // ss -tnpH: Recv-Q Send-Q Local Peer Process, e.g. 0 0 [::ffff:127.0.0.1]:41234 [::ffff:127.0.0.1]:9051
    // users:(("java",pid=42,fd=9)); Java's sockets are dual-stack, so IPv4 shows as IPv4-mapped IPv6.
    private static final Pattern LINE = Pattern.compile(
        "(?:\\[::ffff:)?127\\.0\\.0\\.1]?:(\\d+)\\s+(?:\\[::ffff:)?127\\.0\\.0\\.1]?:(\\d+)\\s+.*pid=(\\d+),");

    private final int controlPort;

    private ControlConnections(int controlPort) {
        this.controlPort = controlPort;
    }

    static ControlConnections of(int controlPort) {
        return new ControlConnections(controlPort);
    }

    /** The local ports of {@code pid}'s established connections to the control port. */
    List<Integer> of(long pid) throws IOException, InterruptedException {
        List<Integer> ports = new ArrayList<>();
        for (String line : ss("-tnpH", "state", "established", "( dport = :" + controlPort + " )").split("\n")) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.find() && Long.parseLong(matcher.group(3)) == pid) {
                ports.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return ports;
    }

    /** Destroys {@code pid}'s control connection, and only that; returns when it was cut. */
    Instant kill(long pid) throws IOException, InterruptedException {
        List<Integer> ports = of(pid);
        if (ports.size() != 1) {
            throw new IllegalStateException("expected one control connection of pid " + pid + ", found " + ports);
        }
        ss("-K", "state", "established", "( sport = :" + ports.get(0) + " and dport = :" + controlPort + " )");
        Instant killed = Instant.now();
        if (of(pid).contains(ports.get(0))) {
            throw new IllegalStateException("ss -K did not destroy the connection from port " + ports.get(0)
                + " (needs root and a kernel with CONFIG_INET_DIAG_DESTROY)");
        }
        return killed;
    }

    boolean isListening() throws IOException, InterruptedException {
        return ss("-tlnH", "( sport = :" + controlPort + " )").contains(":" + controlPort);
    }

    private static String ss(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ss"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("ss did not answer: " + command);
        }
        return output;
    }
}
