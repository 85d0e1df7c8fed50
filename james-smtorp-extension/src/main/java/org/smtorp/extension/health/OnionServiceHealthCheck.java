/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.health;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;
import org.smtorp.extension.lifecycle.OnionServiceLifecycle;
import org.smtorp.extension.lifecycle.OnionServiceStatus;

import reactor.core.publisher.Mono;

/**
 * James health check of the onion service ({@code additional.healthchecks} in
 * {@code healthcheck.properties}): healthy once the descriptor is uploaded, degraded
 * while tor starts, bootstraps, publishes or reconnects.
 */
public final class OnionServiceHealthCheck implements HealthCheck {
    private static final ComponentName COMPONENT = new ComponentName("SMTorP onion service");

    private final OnionServiceLifecycle onionService;

    @Inject
    public OnionServiceHealthCheck(OnionServiceLifecycle onionService) {
        this.onionService = onionService;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(() -> toResult(onionService.status()));
    }

    static Result toResult(OnionServiceStatus status) {
        switch (status.state()) {
            case READY:
                return Result.healthy(COMPONENT);
            case STOPPED:
                return status.detail().isPresent() ? Result.healthy(COMPONENT)
                    : Result.unhealthy(COMPONENT, status.describe());
            default:
                return Result.degraded(COMPONENT, status.describe());
        }
    }
}
