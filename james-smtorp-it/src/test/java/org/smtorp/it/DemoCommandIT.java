/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.smtorp.lab.Directories;
import org.smtorp.protocol.pow.xpow.AlgorithmRegistry;

/**
 * {@code bin/smtorp demo --once} as a user runs it, a child process of the test: its own
 * private Tor network, alice and bob on their onions, one mail through Tor into bob's
 * mailbox, paid with equihash (what bob's shipped listener offers and alice prefers, the
 * proof's time printed), exit 0, and none of its processes (James, tor) left afterwards.
 */
class DemoCommandIT {
    private static final long DEMO_WITHIN_SECONDS = 600;

    @Test
    void demoOnceShouldDeliverAliceMailToBobAndLeaveNothingRunning() throws Exception {
        Path dir = IntegrationEnvironment.workDir().resolve("DemoCommandIT");
        Directories.deleteRecursively(dir);
        Path output = Files.createTempFile(IntegrationEnvironment.workDir(), "demo-", ".out");
        Path home = Paths.get(System.getProperty("smtorp.home"));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/smtorp").toString(), "demo", "--once",
            "--dir", dir.toString())
            .redirectErrorStream(true).redirectOutput(output.toFile());
        // The jar as the build made it: no rebuild while others edit the tree.
        builder.environment().put("SMTORP_SKIP_BUILD", "1");
        Process demo = builder.start();
        // Its descendants while it runs: afterwards none may be alive.
        ConcurrentHashMap<Long, ProcessHandle> seen = new ConcurrentHashMap<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEMO_WITHIN_SECONDS);
            while (demo.isAlive() && System.nanoTime() < deadline) {
                demo.descendants().forEach(child -> seen.put(child.pid(), child));
                Thread.sleep(500);
            }
            assertThat(demo.waitFor(5, TimeUnit.SECONDS)).as(read(output)).isTrue();
        } finally {
            demo.destroyForcibly();
        }
        String printed = read(output);

        assertThat(demo.exitValue()).as(printed).isZero();
        assertThat(printed).contains("private Tor network ready", "alice's onion service READY",
            "bob's onion service READY", "onions published", "TLS pin verified: ",
            "delivered into bob's mailbox: bob@", "swaks --server 127.0.0.1:", "demo passed");
        assertThat(printed).containsPattern("proof of work solved: equihash "
            + AlgorithmRegistry.DEFAULT_EQUIHASH_BITS + " bits in \\d+ ms");
        assertThat(seen.values()).as("processes started by the demo").isNotEmpty();
        Thread.sleep(2000);
        List<String> alive = seen.values().stream().filter(ProcessHandle::isAlive)
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList());
        assertThat(alive).as("processes of the demo still running").isEmpty();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
