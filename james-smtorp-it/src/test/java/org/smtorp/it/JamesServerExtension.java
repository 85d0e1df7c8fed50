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
import java.util.function.BiFunction;
import java.util.function.Supplier;
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
 * {@code target/it-work/<test class>-<name>}, log included, stays when a test of the class
 * fails and is deleted otherwise. The name is the James domain's first label unless
 * {@link #named} gives one, so two servers in one class never share a directory.
 */
public final class JamesServerExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    // JamesServer's default, kept when options are added.
    private static final String HEAP = "-Xmx512m";

    private final String domain;
    private final String name;
    private final BiFunction<JamesWorkingDirectory.Builder, ExtensionContext, JamesWorkingDirectory.Builder> configuration;
    private final List<String> portNames;
    private final List<Supplier<String>> jvmOptions;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private Optional<JamesServer> server = Optional.empty();
    private Optional<PortBlock> portBlock = Optional.empty();
    private boolean failed;

    private JamesServerExtension(String domain, String name,
                                 BiFunction<JamesWorkingDirectory.Builder, ExtensionContext,
                                     JamesWorkingDirectory.Builder> configuration,
                                 List<String> portNames, List<Supplier<String>> jvmOptions) {
        this.domain = domain;
        this.name = name;
        this.configuration = configuration;
        this.portNames = List.copyOf(portNames);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** A James for {@code domain} with the lab's base configuration and SMTorP's {@code conf/extensions.properties}. */
    public static JamesServerExtension withSmtorp(String domain) {
        return new JamesServerExtension(domain, defaultName(domain), (builder, context) -> builder, List.of("smtp"), List.of());
    }

    // An onion's first label is 56 characters; 16 tell two test servers apart.
    private static String defaultName(String domain) {
        String label = domain.split("\\.", 2)[0];
        return label.substring(0, Math.min(16, label.length()));
    }

    /** The working directory's name within the test class's, for servers whose domains start alike. */
    public JamesServerExtension named(String newName) {
        return new JamesServerExtension(domain, newName, configuration, portNames, jvmOptions);
    }

    /** Another free loopback port, given to the configuration as {@code {{port.NAME}}}. */
    public JamesServerExtension withPort(String portName) {
        List<String> names = new ArrayList<>(portNames);
        names.add(portName);
        return new JamesServerExtension(domain, name, configuration, names, jvmOptions);
    }

    /** Further configuration layered over the base and SMTorP's files. */
    public JamesServerExtension configuredWith(UnaryOperator<JamesWorkingDirectory.Builder> more) {
        return configuredInContext((builder, context) -> more.apply(builder));
    }

    /** Configuration that needs the test run, such as the private Tor network's settings. */
    public JamesServerExtension configuredInContext(
        BiFunction<JamesWorkingDirectory.Builder, ExtensionContext, JamesWorkingDirectory.Builder> more) {
        return new JamesServerExtension(domain, name,
            (builder, context) -> more.apply(configuration.apply(builder, context), context), portNames, jvmOptions);
    }

    /** Another option for James's JVM, such as a system property. */
    public JamesServerExtension withJvmOption(String option) {
        return withJvmOption(() -> option);
    }

    /**
     * An option known only once the run has begun, such as the address of a server another extension
     * starts first (registered before this one, with {@code @Order}): asked for when James starts.
     */
    public JamesServerExtension withJvmOption(Supplier<String> option) {
        List<Supplier<String>> options = new ArrayList<>(jvmOptions);
        options.add(option);
        return new JamesServerExtension(domain, name, configuration, portNames, options);
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
            .builder(IntegrationEnvironment.workDir().resolve(context.getRequiredTestClass().getSimpleName() + "-" + name))
            .memoryServerBase()
            .confFile("extensions.properties", IntegrationEnvironment.smtorpConfFile("extensions.properties"))
            .extensionsJars(IntegrationEnvironment.extensionsJars())
            .value("domain", domain);
        ports.forEach((portName, port) -> directory.value("port." + portName, port));
        JamesServer started = JamesServer.of(JamesDistribution.memoryServer(), configuration.apply(directory, context).build());
        if (!jvmOptions.isEmpty()) {
            List<String> options = new ArrayList<>(List.of(HEAP));
            jvmOptions.forEach(option -> options.add(option.get()));
            started = started.withJvmOptions(options);
        }
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
