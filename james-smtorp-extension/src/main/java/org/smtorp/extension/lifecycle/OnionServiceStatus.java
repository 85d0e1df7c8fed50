/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.smtorp.extension.tor.TorMode;
import org.smtorp.protocol.address.SmtorpDomain;

/** A snapshot of the onion service: its state since when, tor's bootstrap progress, and why, in words. */
public final class OnionServiceStatus {
    private final TorMode mode;
    private final SmtorpDomain domain;
    private final OnionServiceState state;
    private final Instant since;
    private final int bootstrapProgress;
    private final Optional<String> detail;

    private OnionServiceStatus(TorMode mode, SmtorpDomain domain, OnionServiceState state, Instant since,
                               int bootstrapProgress, Optional<String> detail) {
        this.mode = mode;
        this.domain = domain;
        this.state = state;
        this.since = since;
        this.bootstrapProgress = bootstrapProgress;
        this.detail = detail;
    }

    public static OnionServiceStatus stopped(TorMode mode, SmtorpDomain domain, Instant now) {
        return new OnionServiceStatus(mode, domain, OnionServiceState.STOPPED, now, 0, Optional.empty());
    }

    /** The next status; {@code since} moves only when the state changes. */
    public OnionServiceStatus next(OnionServiceState newState, int progress, Optional<String> newDetail, Instant now) {
        return new OnionServiceStatus(mode, domain, newState, newState == state ? since : now, progress, newDetail);
    }

    public TorMode mode() {
        return mode;
    }

    public SmtorpDomain domain() {
        return domain;
    }

    public OnionServiceState state() {
        return state;
    }

    public Instant since() {
        return since;
    }

    public int bootstrapProgress() {
        return bootstrapProgress;
    }

    public Optional<String> detail() {
        return detail;
    }

    public boolean isReady() {
        return state == OnionServiceState.READY;
    }

    /** One line for logs and health checks: "READY since ..., bootstrap 100% (...)". */
    public String describe() {
        return state + " since " + since + ", tor " + mode.asString() + ", bootstrap " + bootstrapProgress + "%"
            + detail.map(text -> " (" + text + ")").orElse("");
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof OnionServiceStatus)) {
            return false;
        }
        OnionServiceStatus that = (OnionServiceStatus) o;
        return bootstrapProgress == that.bootstrapProgress && mode == that.mode && domain.equals(that.domain)
            && state == that.state && since.equals(that.since) && detail.equals(that.detail);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(mode, domain, state, since, bootstrapProgress, detail);
    }

    @Override
    public String toString() {
        return describe();
    }
}
