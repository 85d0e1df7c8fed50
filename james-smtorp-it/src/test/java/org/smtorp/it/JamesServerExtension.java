/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.smtorp.lab.Directories;
import org.smtorp.lab.james.JamesDistribution;
import org.smtorp.lab.james.JamesServer;
import org.smtorp.lab.james.JamesWorkingDirectory;
import org.smtorp.lab.tor.PortBlock;

/**
 * One real James server per test class, with our drop-in jars and configuration.
 * Register it as a static field with {@code @RegisterExtension}. Its working directory,
 * log included, stays under {@code target/it-work/} when a test of the class fails and is
 * deleted otherwise.
 */
public final class JamesServerExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String domain;
    private final UnaryOperator<JamesWorkingDirectory.Builder> configuration;
    private final List<String> portNames;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final java.util.function.Function<ExtensionContext, UnaryOperator<JamesWorkingDirectory.Builder>> late;
    private Optional<JamesServer> server = Optional.empty();
    private Optional<PortBlock> portBlock = Optional.empty();
    private boolean failed;

    private JamesServerExtension(String domain, UnaryOperator<JamesWorkingDirectory.Builder> configuration,
                                 List<String> portNames) {
        this(domain, configuration, portNames, context -> UnaryOperator.identity());
    }

    private JamesServerExtension(String domain, UnaryOperator<JamesWorkingDirectory.Builder> configuration,
                                 List<String> portNames,
                                 java.util.function.Function<ExtensionContext, UnaryOperator<JamesWorkingDirectory.Builder>> late) {
        this.late = late;
        this.domain = domain;
        this.configuration = configuration;
        this.portNames = List.copyOf(portNames);
    }

    /** A James for {@code domain} with the lab's base configuration and SMTorP's {@code conf/extensions.properties}. */
    public static JamesServerExtension withSmtorp(String domain) {
        return new JamesServerExtension(domain, UnaryOperator.identity(), List.of("smtp"));
    }

    /** Another free loopback port, given to the configuration as {@code {{port.NAME}}}. */
    public JamesServerExtension withPort(String name) {
        List<String> names = new ArrayList<>(portNames);
        names.add(name);
        return new JamesServerExtension(domain, configuration, names, late);
    }

    /** Further configuration that needs the run's private Tor network (its SOCKS port, say). */
    public JamesServerExtension configuredWithNetwork(
        java.util.function.BiFunction<JamesWorkingDirectory.Builder, org.smtorp.lab.tor.TorNetwork,
            JamesWorkingDirectory.Builder> more) {
        return new JamesServerExtension(domain, configuration, portNames,
            context -> builder -> more.apply(builder, PrivateTorNetworkExtension.network(context)));
    }

    /** Further configuration layered over the base and SMTorP's files. */
    public JamesServerExtension configuredWith(UnaryOperator<JamesWorkingDirectory.Builder> more) {
        return new JamesServerExtension(domain, builder -> more.apply(configuration.apply(builder)), portNames, late);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        PortBlock block = PortBlock.reserve();
        portBlock = Optional.of(block);
        if (portNames.size() > PortBlock.SIZE) {
            throw new IllegalStateException("a James gets at most " + PortBlock.SIZE + " ports");
        }
        for (int i = 0; i < portNames.size(); i++) {
            ports.put(portNames.get(i), block.port(i));
        }
        JamesWorkingDirectory.Builder directory = JamesWorkingDirectory
            .builder(IntegrationEnvironment.workDir().resolve(context.getRequiredTestClass().getSimpleName()
                + (portNames.contains("webadmin") ? "-" + domain.substring(0, 8) : "")))
            .memoryServerBase()
            .confFile("extensions.properties", IntegrationEnvironment.smtorpConfFile("extensions.properties"))
            .extensionsJars(IntegrationEnvironment.extensionsJars())
            .value("domain", domain);
        ports.forEach((name, port) -> directory.value("port." + name, port));
        JamesServer started = JamesServer.of(JamesDistribution.memoryServer(), late.apply(context).apply(configuration.apply(directory)).build());
        server = Optional.of(started);
        started.start(START_TIMEOUT);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        Optional<JamesServer> stopped = server;
        server = Optional.empty();
        stopped.ifPresent(JamesServer::close);
        portBlock.ifPresent(PortBlock::close);
        portBlock = Optional.empty();
        if (stopped.isEmpty()) {
            return;
        }
        if (failed || context.getExecutionException().isPresent()) {
            System.err.println("James log kept: " + stopped.get().logFile());
        } else {
            Directories.deleteRecursively(stopped.get().workingDirectory());
        }
    }

    public JamesServer server() {
        return server.orElseThrow(() -> new IllegalStateException("James is not running"));
    }

    public int smtpPort() {
        return port("smtp");
    }

    public int port(String name) {
        Integer port = ports.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no port named " + name + "; add it with withPort");
        }
        return port;
    }

    public String domain() {
        return domain;
    }
}
