/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.utils.UserDefinedStartable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.extension.lifecycle.OnionServiceLifecycle;

/**
 * Runs once James has started ({@code guice.extension.startable} in
 * {@code extensions.properties}): brings the onion service up, and takes it down when
 * James stops. Operators look for its first log line to know the drop-in jars were
 * picked up.
 */
public final class SmtorpStartable implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtorpStartable.class);

    private final SmtorpVersion version;
    private final SmtorpConfiguration configuration;
    private final OnionServiceLifecycle onionService;

    @Inject
    public SmtorpStartable(SmtorpVersion version, SmtorpConfiguration configuration,
                           OnionServiceLifecycle onionService) {
        this.version = version;
        this.configuration = configuration;
        this.onionService = onionService;
    }

    @Override
    public void start() {
        LOGGER.info("SMTorP extension loaded ({}): {}", version, configuration);
        LOGGER.info("SMTorP domain: {}", onionService.status().domain());
        onionService.start();
    }

    @PreDestroy
    public void stop() {
        onionService.close();
    }
}
