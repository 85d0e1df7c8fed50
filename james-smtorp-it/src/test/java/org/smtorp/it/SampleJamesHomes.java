/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.smtorp.lab.james.JamesDistribution;
import org.smtorp.lab.james.JamesServer;
import org.smtorp.lab.james.JamesWorkingDirectory;
import org.smtorp.lab.tor.PortBlock;

/**
 * The {@link SampleJamesHome}s a test class makes and the James each runs: the {@link DnsTrap}
 * their {@code dnsservice.xml} names, for the whole class; ports and James for one test, released
 * and stopped after it. Register it as a static field with {@code @RegisterExtension}.
 */
final class SampleJamesHomes implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final List<PortBlock> ports = new ArrayList<>();
    private final List<JamesServer> started = new ArrayList<>();
    private Optional<DnsTrap> dns = Optional.empty();

    @Override
    public void beforeAll(ExtensionContext context) {
        dns = Optional.of(DnsTrap.start());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(JamesServer::close);
        started.clear();
        ports.forEach(PortBlock::close);
        ports.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        dns.ifPresent(DnsTrap::close);
        dns = Optional.empty();
    }

    /** A fresh home with ports of its own, see {@link SampleJamesHome#create}. */
    SampleJamesHome create(String name) throws IOException, InterruptedException {
        PortBlock block = PortBlock.reserve();
        ports.add(block);
        return SampleJamesHome.create(name, block);
    }

    /** Starts James in {@code home} and waits for its "started" line. */
    JamesServer start(SampleJamesHome home, Duration timeout) {
        JamesServer james = JamesServer.of(JamesDistribution.memoryServer(), JamesWorkingDirectory.existing(home.root()));
        started.add(james);
        james.start(timeout);
        return james;
    }

    /** Stops one James before the test ends. */
    void stop(JamesServer james) {
        james.close();
        started.remove(james);
    }

    /** Every name the homes' James asked DNS for. */
    List<String> dnsQueries() {
        return dns.orElseThrow(() -> new IllegalStateException("the DNS trap runs only during the test class"))
            .queries();
    }
}
