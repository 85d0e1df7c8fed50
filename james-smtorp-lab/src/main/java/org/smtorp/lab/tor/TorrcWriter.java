/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the torrc of each node of a private network on 127.0.0.1, with the options
 * measured in TORLAB.md. Every listener names 127.0.0.1: a bare port would bind 0.0.0.0.
 */
final class TorrcWriter {
    private final List<AuthorityIdentity> authorities;
    private final Path emptyGeoIpFile;
    private final long ownerPid;

    /**
     * @param emptyGeoIpFile an empty file for {@code GeoIPFile}: loading Debian's database
     *     costs each tor 1-2 s of CPU and ~35 MiB, and a loopback network has no countries
     * @param ownerPid the process tor watches, exiting soon after it dies
     */
    TorrcWriter(List<AuthorityIdentity> authorities, Path emptyGeoIpFile, long ownerPid) {
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException("a private network needs at least one directory authority");
        }
        this.authorities = List.copyOf(authorities);
        this.emptyGeoIpFile = emptyGeoIpFile.toAbsolutePath();
        this.ownerPid = ownerPid;
    }

    Path write(TorNode node) {
        try {
            return Files.writeString(node.torrc(), render(node), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + node.torrc(), e);
        }
    }

    String render(TorNode node) {
        List<String> lines = new ArrayList<>();
        common(node, lines);
        switch (node.role()) {
            case AUTHORITY:
                relay(node, lines);
                authority(node, lines);
                break;
            case RELAY:
                relay(node, lines);
                // Only authorities serve directories, so they alone are HSDirs.
                lines.add("DirCache 0");
                break;
            case CLIENT:
                lines.add("SocksPort " + Loopback.hostPort(node.socksPort().getAsInt()) + " ExtendedErrors");
                control(node, lines);
                break;
            case ONION_HOST:
                lines.add("SocksPort 0");
                control(node, lines);
                break;
            default:
                throw new IllegalStateException("no torrc for " + node);
        }
        return String.join("\n", lines) + "\n";
    }

    private void common(TorNode node, List<String> lines) {
        lines.add("# " + node + " of a private Tor network on 127.0.0.1, written by james-smtorp-lab");
        lines.add("DataDirectory " + node.directory().toAbsolutePath());
        lines.add("Nickname " + node.nickname());
        lines.add("Log notice stdout");
        // Run in the foreground as our child, and exit if this JVM dies without stopping us.
        lines.add("RunAsDaemon 0");
        lines.add("__OwningControllerProcess " + ownerPid);
        lines.add("ShutdownWaitLength 0");
        lines.addAll(networkSettings());
    }

    /** What any tor needs to join this network: a client or onion host James manages, say. */
    List<String> networkSettings() {
        List<String> lines = new ArrayList<>();
        lines.add("TestingTorNetwork 1");
        lines.add("PathsNeededToBuildCircuits 0.67");
        lines.add("TestingDirAuthVoteGuard *");
        lines.add("TestingDirAuthVoteHSDir " + authorities.stream()
            .map(authority -> "$" + authority.fingerprint()).collect(Collectors.joining(",")));
        lines.add("V3AuthNIntervalsValid 2");
        lines.add("GeoIPFile " + emptyGeoIpFile);
        lines.add("GeoIPv6File " + emptyGeoIpFile);
        authorities.forEach(authority -> lines.add(authority.torrcLine()));
        return lines;
    }

    private static void relay(TorNode node, List<String> lines) {
        lines.add("ORPort " + Loopback.hostPort(node.orPort().getAsInt()));
        lines.add("Address " + Loopback.HOST);
        lines.add("SocksPort 0");
        lines.add("ExitRelay 0");
        lines.add("ExitPolicy reject *:*");
        lines.add("AssumeReachable 1");
        lines.add("ContactInfo james-smtorp-lab <nobody@localhost>");
    }

    private static void authority(TorNode node, List<String> lines) {
        lines.add("DirPort " + Loopback.hostPort(node.dirPort().getAsInt()));
        lines.add("AuthoritativeDirectory 1");
        lines.add("V3AuthoritativeDirectory 1");
        // Vote every few seconds so a consensus exists seconds after start, not after an hour.
        lines.add("TestingV3AuthInitialVotingInterval 5");
        lines.add("TestingV3AuthInitialVoteDelay 2");
        lines.add("TestingV3AuthInitialDistDelay 2");
        lines.add("V3AuthVotingInterval 10");
        lines.add("V3AuthVoteDelay 2");
        lines.add("V3AuthDistDelay 2");
    }

    private static void control(TorNode node, List<String> lines) {
        lines.add("ControlPort " + Loopback.hostPort(node.controlPort().getAsInt()));
        lines.add("CookieAuthentication 1");
    }
}
