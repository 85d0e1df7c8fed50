/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.lifecycle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.extension.tor.ControlPortSource;
import org.smtorp.extension.tor.DescriptorUploads;
import org.smtorp.extension.tor.ManagedTor;
import org.smtorp.extension.tor.OnionServiceDefenses;
import org.smtorp.extension.tor.TorControl;
import org.smtorp.extension.tor.TorMode;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.OnionServiceKey;

/**
 * Keeps our onion service published through a tor control port: connect, wait for tor
 * to bootstrap, {@code ADD_ONION} with our persisted key, wait for {@code HS_DESC
 * UPLOADED}, then watch the connection. When it drops (or a managed tor dies) the
 * service is gone with it, so we reconnect with back-off and add it again. On
 * {@link #close()} the service is removed with {@code DEL_ONION}.
 *
 * <p>All state lives in one {@link OnionServiceStatus} under one lock; every change is
 * logged once.
 */
public final class OnionServiceLifecycle implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(OnionServiceLifecycle.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Optional<ControlPortSource> tor;
    private final OnionServiceKey key;
    private final int virtualPort;
    private final InetSocketAddress target;
    private final OnionServiceDefenses defenses;
    private final Clock clock;
    private final Object lock = new Object();
    private OnionServiceStatus status;
    private Optional<TorControl> control = Optional.empty();
    private Optional<Thread> worker = Optional.empty();
    private volatile boolean stopping;

    /**
     * @param tor where to publish; empty in modes {@code static} (tor owns the service)
     *            and {@code none} (no tor here), where there is nothing to keep up
     */
    public OnionServiceLifecycle(TorMode mode, Optional<ControlPortSource> tor, OnionServiceKey key,
                                 SmtorpDomain domain, int virtualPort, InetSocketAddress target,
                                 OnionServiceDefenses defenses, Clock clock) {
        this.tor = tor;
        this.key = key;
        this.virtualPort = virtualPort;
        this.target = target;
        this.defenses = defenses;
        this.clock = clock;
        this.status = OnionServiceStatus.stopped(mode, domain, clock.instant());
    }

    public OnionServiceStatus status() {
        synchronized (lock) {
            return status;
        }
    }

    public void start() {
        synchronized (lock) {
            if (worker.isPresent()) {
                throw new IllegalStateException("the onion service lifecycle is already started");
            }
            stopping = false;
            if (tor.isEmpty()) {
                transition(status.mode() == TorMode.STATIC ? OnionServiceState.READY : OnionServiceState.STOPPED, 0,
                    Optional.of(status.mode() == TorMode.STATIC
                        ? "tor owns the HiddenServiceDir; its uploads are not visible here"
                        : "tor mode none: the onion listener only, tor is configured elsewhere"));
                return;
            }
            ControlPortSource source = tor.get();
            Thread thread = new Thread(this::keepPublished, "smtorp-onion-service");
            thread.setDaemon(true);
            worker = Optional.of(thread);
            transition(OnionServiceState.STARTING, 0, Optional.of("connecting to " + source));
            thread.start();
        }
    }

    private void keepPublished() {
        Duration retry = FIRST_RETRY;
        while (!stopping) {
            try {
                ManagedTor.ControlPort port = tor.orElseThrow().controlPort(CONNECT_TIMEOUT);
                DescriptorUploads uploads = new DescriptorUploads();
                try (TorControl connected = TorControl.connect(port.address(), port.authentication(), uploads,
                        CONNECT_TIMEOUT)) {
                    setControl(Optional.of(connected));
                    retry = FIRST_RETRY;
                    publish(connected, uploads);
                    connected.awaitClosed();
                } finally {
                    setControl(Optional.empty());
                }
                if (!stopping) {
                    transition(OnionServiceState.RECONNECTING, 0, Optional.of("the tor control connection closed"));
                }
            } catch (IOException | RuntimeException e) {
                if (!stopping) {
                    transition(OnionServiceState.RECONNECTING, 0, Optional.of(String.valueOf(e.getMessage())));
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!pause(retry)) {
                return;
            }
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
    }

    private void publish(TorControl connected, DescriptorUploads uploads) throws IOException, InterruptedException {
        int progress = connected.bootstrapProgress();
        while (progress < 100) {
            transition(OnionServiceState.BOOTSTRAPPING, progress, Optional.empty());
            checkOpen(connected);
            Thread.sleep(POLL.toMillis());
            progress = connected.bootstrapProgress();
        }
        connected.subscribe(List.of("HS_DESC"));
        uploads.published(key.onion().serviceId());
        connected.addOnion(key, virtualPort, target, defenses);
        transition(OnionServiceState.PUBLISHING, 100, Optional.of("added on virtual port " + virtualPort + ", "
            + defenses));
        while (!uploads.isUploaded(key.onion().serviceId())) {
            checkOpen(connected);
            Thread.sleep(POLL.toMillis());
        }
        transition(OnionServiceState.READY, 100, Optional.of("descriptor uploaded"));
    }

    private static void checkOpen(TorControl connected) throws IOException {
        if (!connected.isOpen()) {
            throw new IOException("the tor control connection closed");
        }
    }

    /** Removes the service (DEL_ONION), closes the control connection and stops a managed tor. */
    @Override
    public void close() {
        Optional<Thread> running;
        synchronized (lock) {
            stopping = true;
            running = worker;
            worker = Optional.empty();
            control.ifPresent(this::removeService);
        }
        running.ifPresent(thread -> {
            thread.interrupt();
            try {
                thread.join(CONNECT_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        tor.ifPresent(ControlPortSource::stop);
        transition(OnionServiceState.STOPPED, 0, Optional.empty());
    }

    private void removeService(TorControl connected) {
        try {
            connected.delOnion(key.onion());
            LOGGER.info("Removed onion service {}", key.onion());
        } catch (IOException e) {
            // jtorctl says nothing more when tor closed the connection first (it exited, e.g. on the same Ctrl-C).
            LOGGER.warn("Could not remove onion service {}: {}", key.onion(),
                e.getMessage() != null ? e.getMessage() : "tor closed the control connection");
        }
        connected.close();
    }

    private void setControl(Optional<TorControl> connected) {
        synchronized (lock) {
            control = connected;
        }
    }

    private void transition(OnionServiceState state, int progress, Optional<String> detail) {
        synchronized (lock) {
            OnionServiceStatus previous = status;
            status = previous.next(state, progress, detail, clock.instant());
            if (previous.state() != state || (state == OnionServiceState.BOOTSTRAPPING
                    && previous.bootstrapProgress() != progress)) {
                LOGGER.info("Onion service {}: {}", status.domain().onion(), status.describe());
            }
        }
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return !stopping;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
