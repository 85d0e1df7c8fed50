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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.extension.tor.DescriptorUploads;
import org.smtorp.lab.Directories;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.identity.OnionServiceKey;

/**
 * The tor of the network that hosts onion services, driven over its control port. It
 * publishes a service either with {@code ADD_ONION} (a new key or a given one; always
 * {@code Flags=Detach}, so the service outlives the control connection) or from a
 * {@code HiddenServiceDir}, which may already hold {@code hs_ed25519_secret_key} and
 * {@code hs_ed25519_public_key} (e.g. written by
 * {@link org.smtorp.protocol.identity.HiddenServiceDir}). A service is reachable once
 * {@link #awaitUploaded} returns.
 */
public final class OnionHost {
    private static final Logger LOGGER = LoggerFactory.getLogger(OnionHost.class);
    private static final String NEW_KEY = "NEW:ED25519-V3";
    // Tor would otherwise send the new service's private key back; nobody here needs it.
    private static final List<String> NEW_FLAGS = List.of("Detach", "DiscardPK");
    private static final List<String> FLAGS = List.of("Detach");
    private static final Duration HOSTNAME_TIMEOUT = Duration.ofSeconds(10);

    private final TorProcess tor;
    private final TorController controller;
    private final DescriptorUploads uploads;
    // SETCONF replaces all HiddenServiceDir lines, so every call sends the whole list.
    private final List<OnionService> directoryServices = new ArrayList<>();

    OnionHost(TorProcess tor, TorController controller, DescriptorUploads uploads) {
        this.tor = tor;
        this.controller = controller;
        this.uploads = uploads;
    }

    /** Where to reach this tor's control port, e.g. for a James configured to publish its own onion. */
    public ControlEndpoint controlEndpoint() {
        return tor.node().controlEndpoint();
    }

    /** {@code ADD_ONION NEW:ED25519-V3}: an onion with a new key that tor keeps to itself. */
    public OnionService publish(int virtualPort, int localPort) {
        return add(NEW_KEY, NEW_FLAGS, virtualPort, localPort);
    }

    /** {@code ADD_ONION} with the caller's key: the onion of that key, {@link OnionServiceKey#onion()}. */
    public OnionService publish(OnionServiceKey key, int virtualPort, int localPort) {
        return add(key.addOnionKey(), FLAGS, virtualPort, localPort);
    }

    private synchronized OnionService add(String keyArgument, List<String> flags, int virtualPort, int localPort) {
        Map<Integer, String> ports = Map.of(OnionService.checkedPort(virtualPort),
            Loopback.hostPort(OnionService.checkedPort(localPort)));
        Map<String, String> reply;
        try {
            reply = controller.addOnion(keyArgument, ports, flags);
        } catch (IOException e) {
            throw refused("ADD_ONION", e);
        }
        OnionService service = OnionService.of(OnionAddress.parse(reply.get("onionAddress")), virtualPort,
            localPort, Optional.empty());
        uploads.published(service.onion().serviceId());
        LOGGER.info("Published {}", service);
        return service;
    }

    /**
     * Publishes the onion of a {@code HiddenServiceDir}: tor uses the key files in it, or
     * makes them if there are none, and writes {@code hostname}, which this returns. The
     * folder is made owner-only, as tor requires.
     */
    public synchronized OnionService publishDirectory(Path directory, int virtualPort, int localPort) {
        Path folder = directory.toAbsolutePath().normalize();
        if (directoryServices.stream().anyMatch(service -> service.directory().orElseThrow().equals(folder))) {
            throw new IllegalArgumentException(folder + " is already published");
        }
        List<String> entries = configuration(directoryServices);
        entries.add("HiddenServiceDir " + folder);
        entries.add("HiddenServicePort " + OnionService.checkedPort(virtualPort) + " "
            + Loopback.hostPort(OnionService.checkedPort(localPort)));
        Path hostname = folder.resolve("hostname");
        try {
            Directories.createPrivate(folder);
            for (String key : List.of("hs_ed25519_secret_key", "hs_ed25519_public_key")) {
                if (Files.exists(folder.resolve(key))) {
                    Directories.makeOwnerOnly(folder.resolve(key));
                }
            }
            // tor writes it from the keys; a stale one must not be mistaken for the answer.
            Files.deleteIfExists(hostname);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare HiddenServiceDir " + folder, e);
        }
        try {
            controller.setConf(entries);
        } catch (IOException e) {
            throw refused("SETCONF HiddenServiceDir=" + folder, e);
        }
        OnionService service = OnionService.of(OnionAddress.parse(awaitHostname(hostname)), virtualPort, localPort,
            Optional.of(folder));
        uploads.published(service.onion().serviceId());
        directoryServices.add(service);
        LOGGER.info("Published {}", service);
        return service;
    }

    private String awaitHostname(Path hostname) {
        Deadline deadline = Deadline.after(HOSTNAME_TIMEOUT);
        while (true) {
            tor.checkAlive("waiting for it to write " + hostname);
            try {
                String content = Files.readString(hostname, StandardCharsets.US_ASCII);
                if (content.endsWith("\n")) {
                    return content.trim();
                }
            } catch (IOException e) {
                // not written yet
            }
            if (deadline.hasPassed()) {
                throw tor.failure("did not write " + hostname + " within " + HOSTNAME_TIMEOUT.toSeconds() + " s");
            }
            deadline.pause();
        }
    }

    /** Takes a service down: {@code DEL_ONION}, or {@code SETCONF} without its folder. */
    public synchronized void unpublish(OnionService service) {
        try {
            if (service.directory().isPresent()) {
                List<OnionService> remaining = new ArrayList<>(directoryServices);
                if (!remaining.remove(service)) {
                    throw new IllegalArgumentException(service + " is not published here");
                }
                if (remaining.isEmpty()) {
                    controller.resetConf(List.of("HiddenServiceDir", "HiddenServicePort"));
                } else {
                    controller.setConf(configuration(remaining));
                }
                directoryServices.remove(service);
            } else {
                controller.delOnion(service.onion().serviceId());
            }
        } catch (IOException e) {
            throw refused("taking down " + service, e);
        }
        uploads.forget(service.onion().serviceId());
        LOGGER.info("Unpublished {}", service);
    }

    /**
     * Waits for tor's {@code HS_DESC UPLOADED} event for the service: an HSDir holds its
     * descriptor, so a client can look it up. Descriptor uploads start once tor has built
     * its introduction circuits, typically 1-2 s after publishing.
     */
    public void awaitUploaded(OnionService service, Duration timeout) {
        long begin = System.nanoTime();
        Deadline deadline = Deadline.after(timeout);
        String awaited = "HS_DESC UPLOADED for " + service.hostname();
        while (!uploads.isUploaded(service.onion().serviceId())) {
            tor.checkAlive("waiting for " + awaited);
            if (deadline.hasPassed()) {
                throw tor.failure("no " + awaited + " within " + timeout.toSeconds() + " s (last event: "
                    + uploads.lastEvent(service.onion().serviceId()).orElse("none") + ")");
            }
            deadline.pause();
        }
        LOGGER.info("Descriptor of {} uploaded ({} ms after the wait began)", service.hostname(),
            Duration.ofNanos(System.nanoTime() - begin).toMillis());
    }

    private static List<String> configuration(List<OnionService> services) {
        List<String> entries = new ArrayList<>();
        for (OnionService service : services) {
            entries.add("HiddenServiceDir " + service.directory().orElseThrow());
            entries.add("HiddenServicePort " + service.virtualPort() + " " + Loopback.hostPort(service.localPort()));
        }
        return entries;
    }

    // Tor's refusal (e.g. "550 Onion address collision") never quotes a key we sent.
    private TorNetworkException refused(String command, IOException e) {
        return tor.failure("refused " + command + ": " + e.getMessage(), e);
    }

    void close() {
        controller.close();
    }
}
