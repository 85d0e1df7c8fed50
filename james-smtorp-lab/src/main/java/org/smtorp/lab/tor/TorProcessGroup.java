/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tor a network started, so that stopping the network, from {@code close()} or the
 * JVM shutdown hook, ends exactly those processes and no others.
 */
final class TorProcessGroup {
    private static final Logger LOGGER = LoggerFactory.getLogger(TorProcessGroup.class);
    // With ShutdownWaitLength 0 a tor exits within a second of SIGTERM (0.1-0.6 s measured here under load);
    // the grace only bounds a stuck one, and is short so that the demo's whole stop stays within 15 s.
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final List<TorProcess> processes = new ArrayList<>();

    synchronized TorProcess start(TorNode node) {
        TorProcess started = TorProcess.start(node);
        processes.add(started);
        LOGGER.debug("Started {}", started);
        return started;
    }

    synchronized List<TorProcess> processes() {
        return List.copyOf(processes);
    }

    /** Fails with the first node that has exited, saying what the network was waiting for. */
    void checkAllAlive(String awaiting) {
        processes().forEach(process -> process.checkAlive(awaiting));
    }

    /** SIGTERM to all at once, then waits; a tor still running after the grace period gets SIGKILL. */
    synchronized void stopAll() {
        if (processes.isEmpty()) {
            return;
        }
        long begin = System.nanoTime();
        processes.forEach(TorProcess::terminate);
        try {
            for (TorProcess process : processes) {
                if (!process.awaitExitOrKill(STOP_GRACE)) {
                    LOGGER.warn("{} did not exit within {} s of SIGTERM and was killed", process,
                        STOP_GRACE.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            processes.forEach(TorProcess::kill);
            Thread.currentThread().interrupt();
        }
        LOGGER.info("Stopped {} tor processes in {} ms", processes.size(),
            Duration.ofNanos(System.nanoTime() - begin).toMillis());
        processes.clear();
    }
}
