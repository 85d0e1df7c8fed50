/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a private Tor network keeps its files and how long each start-up phase may take.
 * The key cache outlives runs; tests put it under {@code target/}.
 */
public final class TorNetworkConfiguration {
    // TORLAB.md measured 6-15 s to a bootstrapped client; a loaded CI machine may be much slower.
    private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofMinutes(2);

    private final Path workDirectory;
    private final Path keyCache;
    private final Duration phaseTimeout;

    private TorNetworkConfiguration(Path workDirectory, Path keyCache, Duration phaseTimeout) {
        this.workDirectory = workDirectory;
        this.keyCache = keyCache;
        this.phaseTimeout = phaseTimeout;
    }

    /**
     * @param workDirectory each run makes a folder {@code tor-<first port>} in it for its tors' data and logs
     * @param keyCache where the directory authorities' keys are kept between runs
     */
    public static TorNetworkConfiguration of(Path workDirectory, Path keyCache) {
        return new TorNetworkConfiguration(workDirectory.toAbsolutePath(), keyCache.toAbsolutePath(),
            DEFAULT_PHASE_TIMEOUT);
    }

    /** The longest wait for each phase: a consensus on every authority, then bootstrapped client and onion host. */
    public TorNetworkConfiguration withPhaseTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("phase timeout " + timeout + " is not positive");
        }
        return new TorNetworkConfiguration(workDirectory, keyCache, timeout);
    }

    public Path workDirectory() {
        return workDirectory;
    }

    public Path keyCache() {
        return keyCache;
    }

    public Duration phaseTimeout() {
        return phaseTimeout;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TorNetworkConfiguration)) {
            return false;
        }
        TorNetworkConfiguration other = (TorNetworkConfiguration) o;
        return workDirectory.equals(other.workDirectory) && keyCache.equals(other.keyCache)
            && phaseTimeout.equals(other.phaseTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workDirectory, keyCache, phaseTimeout);
    }

    @Override
    public String toString() {
        return "TorNetworkConfiguration[work " + workDirectory + ", key cache " + keyCache + ", phase timeout "
            + phaseTimeout.toSeconds() + " s]";
    }
}
