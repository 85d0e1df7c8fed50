/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.smtorp.lab.tor.TorNetwork;
import org.smtorp.lab.tor.TorNetworkConfiguration;

/**
 * The private Tor network, started once per test run and shared by every test class that
 * uses this extension: {@code @ExtendWith(PrivateTorNetworkExtension.class)}, then a
 * {@link TorNetwork} parameter on a test, lifecycle method or constructor. It lives in the
 * root context's store, which JUnit closes (stopping every tor) after the last test class.
 * The authority keys are cached in {@code target/it-work/tor-authority-keys} across runs.
 */
public final class PrivateTorNetworkExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(PrivateTorNetworkExtension.class);

    // Start before the first test, so that no test's own timeout pays for the start.
    @Override
    public void beforeAll(ExtensionContext context) {
        network(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TorNetwork.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return network(extensionContext);
    }

    /** The run's network, started by the first caller. */
    public static TorNetwork network(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent(SharedNetwork.class, key -> SharedNetwork.start(), SharedNetwork.class)
            .network();
    }

    /**
     * The started network, or why it failed to start: remembered, so that the test classes
     * after the first fail at once instead of each waiting for another failing start.
     * JUnit closes {@link AutoCloseable} values of a store when the store's context ends.
     */
    static final class SharedNetwork implements AutoCloseable {
        private final Optional<TorNetwork> network;
        private final Optional<RuntimeException> failure;

        private SharedNetwork(Optional<TorNetwork> network, Optional<RuntimeException> failure) {
            this.network = network;
            this.failure = failure;
        }

        static SharedNetwork start() {
            TorNetworkConfiguration configuration = TorNetworkConfiguration.of(IntegrationEnvironment.workDir(),
                IntegrationEnvironment.workDir().resolve("tor-authority-keys"));
            try {
                return new SharedNetwork(Optional.of(TorNetwork.start(configuration)), Optional.empty());
            } catch (RuntimeException e) {
                return new SharedNetwork(Optional.empty(), Optional.of(e));
            }
        }

        TorNetwork network() {
            return network.orElseThrow(() -> new IllegalStateException(
                "the private Tor network did not start", failure.orElseThrow()));
        }

        @Override
        public void close() {
            network.ifPresent(TorNetwork::close);
        }
    }
}
