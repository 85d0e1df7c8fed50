/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension;

import javax.inject.Inject;

import org.apache.james.utils.UserDefinedStartable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs once James has started ({@code guice.extension.startable} in
 * {@code extensions.properties}). Operators look for its log line to know the
 * drop-in jars were picked up.
 */
public final class SmtorpStartable implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtorpStartable.class);

    private final SmtorpVersion version;

    @Inject
    public SmtorpStartable(SmtorpVersion version) {
        this.version = version;
    }

    @Override
    public void start() {
        LOGGER.info("SMTorP extension loaded ({})", version);
    }
}
