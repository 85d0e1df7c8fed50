/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.freehaven.tor.control.NullEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.extension.tor.DescriptorUploads;
import org.smtorp.lab.Directories;

/**
 * Brings a {@link NetworkLayout} up in two phases, each ended by a condition, never a
 * fixed sleep: the relays until every authority's microdesc consensus lists all of them
 * with their microdescriptors; then the client and the onion host until both report
 * {@code BOOTSTRAP PROGRESS=100}.
 */
final class NetworkLauncher {
    private static final Logger LOGGER = LoggerFactory.getLogger(NetworkLauncher.class);
    private static final String BOOTSTRAPPED = "PROGRESS=100 ";

    private final TorNetworkConfiguration configuration;
    private final NetworkLayout layout;
    private final Path directory;
    private final TorProcessGroup processes;
    private final AuthorityKeyCache keyCache;

    NetworkLauncher(TorNetworkConfiguration configuration, NetworkLayout layout, Path directory,
                    TorProcessGroup processes, Clock clock) {
        this.configuration = configuration;
        this.layout = layout;
        this.directory = directory;
        this.processes = processes;
        this.keyCache = new AuthorityKeyCache(configuration.keyCache(), clock);
    }

    static final class Launched {
        private final OnionHost onionHost;
        private final StartupTimings timings;

        private Launched(OnionHost onionHost, StartupTimings timings) {
            this.onionHost = onionHost;
            this.timings = timings;
        }

        OnionHost onionHost() {
            return onionHost;
        }

        StartupTimings timings() {
            return timings;
        }
    }

    Launched launch() {
        long keysBegin = System.nanoTime();
        boolean keysCached = layout.authorities().stream().allMatch(keyCache::holds);
        writeTorrcs(installAuthorityKeys());
        Duration keys = since(keysBegin);

        Instant launched = Instant.now();
        long launch = System.nanoTime();
        Deadline consensusDeadline = Deadline.after(configuration.phaseTimeout());
        layout.relays().forEach(processes::start);
        awaitConsensus(consensusDeadline);
        Duration consensus = since(launch);
        LOGGER.info("Every authority has a consensus with all {} relays {} ms after launch",
            layout.relays().size(), consensus.toMillis());

        Deadline bootstrapDeadline = Deadline.after(configuration.phaseTimeout());
        TorProcess client = processes.start(layout.client());
        TorProcess host = processes.start(layout.onionHost());
        Duration clientBootstrapped;
        try (TorController control = TorController.await(client, new NullEventHandler(), bootstrapDeadline)) {
            clientBootstrapped = awaitBootstrapped(client, control, bootstrapDeadline, launch);
        }
        DescriptorUploads uploads = new DescriptorUploads();
        TorController hostControl = TorController.await(host, uploads, bootstrapDeadline);
        try {
            hostControl.subscribe(List.of("HS_DESC"));
            Duration hostBootstrapped = awaitBootstrapped(host, hostControl, bootstrapDeadline, launch);
            return new Launched(new OnionHost(host, hostControl, uploads), StartupTimings.of(keys, keysCached,
                launched, consensus, clientBootstrapped, hostBootstrapped));
        } catch (IOException e) {
            hostControl.close();
            throw host.failure("refused to send HS_DESC events: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            hostControl.close();
            throw e;
        }
    }

    private List<AuthorityIdentity> installAuthorityKeys() {
        List<AuthorityIdentity> identities = new ArrayList<>();
        for (TorNode authority : layout.authorities()) {
            createNodeDirectory(authority);
            identities.add(keyCache.install(authority));
        }
        return identities;
    }

    private void writeTorrcs(List<AuthorityIdentity> authorities) {
        try {
            Path emptyGeoIp = Files.writeString(directory.resolve("geoip-empty"), "");
            TorrcWriter torrc = new TorrcWriter(authorities, emptyGeoIp, ProcessHandle.current().pid());
            for (TorNode node : layout.all()) {
                createNodeDirectory(node);
                torrc.write(node);
            }
            Files.writeString(directory.resolve(TorNetwork.JOIN_TORRC),
                String.join("\n", torrc.networkSettings()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the torrcs in " + directory, e);
        }
    }

    private static void createNodeDirectory(TorNode node) {
        try {
            Directories.createPrivate(node.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + node.directory(), e);
        }
    }

    private void awaitConsensus(Deadline deadline) {
        int relays = layout.relays().size();
        String awaiting = "waiting for every authority to have " + MicrodescCache.condition(relays);
        while (true) {
            processes.checkAllAlive(awaiting);
            Optional<TorProcess> behind = processes.processes().stream()
                .filter(tor -> tor.node().role() == TorNode.Role.AUTHORITY)
                .filter(tor -> !MicrodescCache.read(tor.node().directory()).covers(relays))
                .findFirst();
            if (behind.isEmpty()) {
                return;
            }
            if (deadline.hasPassed()) {
                TorProcess authority = behind.get();
                throw authority.failure("had no " + MicrodescCache.condition(relays) + " within "
                    + deadline.timeout().toSeconds() + " s; its " + MicrodescCache.read(authority.node().directory()));
            }
            deadline.pause();
        }
    }

    private static Duration awaitBootstrapped(TorProcess tor, TorController control, Deadline deadline, long launch) {
        String phase = "(none)";
        while (true) {
            tor.checkAlive("waiting for it to bootstrap");
            try {
                phase = control.bootstrapPhase();
            } catch (IOException e) {
                throw tor.failure("did not answer GETINFO status/bootstrap-phase: " + e.getMessage(), e);
            }
            if (phase.contains(BOOTSTRAPPED)) {
                Duration took = since(launch);
                LOGGER.info("tor {} bootstrapped 100% {} ms after launch", tor.node(), took.toMillis());
                return took;
            }
            if (deadline.hasPassed()) {
                throw tor.failure("did not bootstrap to 100% within " + deadline.timeout().toSeconds()
                    + " s; status/bootstrap-phase: " + phase);
            }
            deadline.pause();
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
