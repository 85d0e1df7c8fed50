/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long the network took to come up. {@link #launched()} is when the first tor started,
 * after the authority keys were ready; the other durations count from it.
 */
public final class StartupTimings {
    private final Duration keys;
    private final boolean keysCached;
    private final Instant launched;
    private final Duration consensus;
    private final Duration clientBootstrapped;
    private final Duration onionHostBootstrapped;

    private StartupTimings(Duration keys, boolean keysCached, Instant launched, Duration consensus,
                           Duration clientBootstrapped, Duration onionHostBootstrapped) {
        this.keys = keys;
        this.keysCached = keysCached;
        this.launched = launched;
        this.consensus = consensus;
        this.clientBootstrapped = clientBootstrapped;
        this.onionHostBootstrapped = onionHostBootstrapped;
    }

    static StartupTimings of(Duration keys, boolean keysCached, Instant launched, Duration consensus,
                             Duration clientBootstrapped, Duration onionHostBootstrapped) {
        return new StartupTimings(keys, keysCached, launched, consensus, clientBootstrapped, onionHostBootstrapped);
    }

    /** Preparing the authority keys: copied from the cache, or generated. */
    public Duration keys() {
        return keys;
    }

    public boolean keysCached() {
        return keysCached;
    }

    public Instant launched() {
        return launched;
    }

    /** Until every authority had a consensus listing all relays and their microdescriptors. */
    public Duration consensus() {
        return consensus;
    }

    public Duration clientBootstrapped() {
        return clientBootstrapped;
    }

    public Duration onionHostBootstrapped() {
        return onionHostBootstrapped;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StartupTimings)) {
            return false;
        }
        StartupTimings other = (StartupTimings) o;
        return keys.equals(other.keys) && keysCached == other.keysCached && launched.equals(other.launched)
            && consensus.equals(other.consensus) && clientBootstrapped.equals(other.clientBootstrapped)
            && onionHostBootstrapped.equals(other.onionHostBootstrapped);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keys, keysCached, launched, consensus, clientBootstrapped, onionHostBootstrapped);
    }

    @Override
    public String toString() {
        return "authority keys " + (keysCached ? "from cache " : "generated ") + keys.toMillis() + " ms;"
            + " from launch: consensus ready " + consensus.toMillis() + " ms, client bootstrapped "
            + clientBootstrapped.toMillis() + " ms, onion host bootstrapped " + onionHostBootstrapped.toMillis()
            + " ms";
    }
}
