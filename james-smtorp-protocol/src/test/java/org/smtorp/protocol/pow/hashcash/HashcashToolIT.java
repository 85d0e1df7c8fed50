/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.pow.hashcash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.pow.ProgressListener;
import org.smtorp.protocol.pow.Solver;

/**
 * Interop with the real Debian {@code hashcash} 1.22 tool (bin/test installs it):
 * its stamps verify with ours, ours with it, and both refuse the same bad stamps.
 */
class HashcashToolIT {
    private static final int BITS = 12;
    private static final String RESOURCE = "alice@example.onion";
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path directory;
    private FileSpentStampStore store;
    private StampChecker checker;

    /** What a run of the tool printed and how it exited. */
    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    private static Run hashcash(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("hashcash");
        command.addAll(Arrays.asList(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("hashcash finished").isTrue();
        return new Run(process.exitValue(), output);
    }

    /** A stamp minted by the tool; {@code time} as its -t option ("+5d", "-40d"), or empty for now. */
    private static String toolStamp(String resource, String time) throws IOException, InterruptedException {
        Run run = time.isEmpty() ? hashcash("-mq", "-b", String.valueOf(BITS), resource)
            : hashcash("-mq", "-b", String.valueOf(BITS), "-t", time, resource);
        assertThat(run.exit).as(run.output).isZero();
        return run.output;
    }

    private Run toolCheck(String stamp, String resource) throws IOException, InterruptedException {
        return hashcash("-c", "-d", "-f", directory.resolve("tool.sdb").toString(), "-b", String.valueOf(BITS),
            "-r", resource, stamp);
    }

    private String ourStamp(String resource) throws Exception {
        return HashcashMinter.of(Solver.onAllCores(), CLOCK, new SecureRandom())
            .mint(resource, BITS, Duration.ofMinutes(1), ProgressListener.NONE).get(1, TimeUnit.MINUTES).asString();
    }

    @BeforeEach
    void openStore() throws IOException {
        store = FileSpentStampStore.open(directory.resolve("ours.spent"), CLOCK);
        checker = StampChecker.of(store, CLOCK);
    }

    @Test
    void stampsTheToolMintsShouldVerifyWithOurs() throws Exception {
        String stamp = toolStamp(RESOURCE, "");
        assertThat(checker.check(stamp, RESOURCE, BITS).kind()).isEqualTo(StampVerdict.Kind.VALID);
    }

    @Test
    void stampsWeMintShouldPassTheTool() throws Exception {
        String stamp = ourStamp(RESOURCE);
        Run run = toolCheck(stamp, RESOURCE);
        assertThat(run.exit).as(run.output).isZero();
    }

    @Test
    void aDoubleSpendShouldBeRefusedByBoth() throws Exception {
        String stamp = ourStamp(RESOURCE);
        assertThat(toolCheck(stamp, RESOURCE).exit).isZero();
        Run again = toolCheck(stamp, RESOURCE);
        assertThat(again.exit).as(again.output).isEqualTo(1);
        assertThat(again.output).contains("spent");

        assertThat(checker.check(stamp, RESOURCE, BITS).isValid()).isTrue();
        assertThat(checker.check(stamp, RESOURCE, BITS).kind()).isEqualTo(StampVerdict.Kind.SPENT);
    }

    @Test
    void aDoubleSpendShouldBeRefusedAfterOurRestart() throws Exception {
        String stamp = toolStamp(RESOURCE, "");
        assertThat(checker.check(stamp, RESOURCE, BITS).isValid()).isTrue();
        store.close();
        try (FileSpentStampStore reopened = FileSpentStampStore.open(directory.resolve("ours.spent"), CLOCK)) {
            assertThat(StampChecker.of(reopened, CLOCK).check(stamp, RESOURCE, BITS).kind())
                .isEqualTo(StampVerdict.Kind.SPENT);
        }
    }

    @Test
    void anExpiredStampShouldBeRefusedByBoth() throws Exception {
        String stamp = toolStamp(RESOURCE, "-40d");
        assertThat(toolCheck(stamp, RESOURCE).exit).isEqualTo(1);
        assertThat(checker.check(stamp, RESOURCE, BITS).kind()).isEqualTo(StampVerdict.Kind.EXPIRED);
    }

    @Test
    void aFutureDatedStampShouldBeRefusedByBoth() throws Exception {
        String stamp = toolStamp(RESOURCE, "+5d");
        assertThat(toolCheck(stamp, RESOURCE).exit).isEqualTo(1);
        assertThat(checker.check(stamp, RESOURCE, BITS).kind()).isEqualTo(StampVerdict.Kind.FUTURE_DATED);
    }

    @Test
    void aStampForAnotherResourceShouldBeRefusedByBoth() throws Exception {
        String theirs = toolStamp("bob@example.onion", "");
        assertThat(toolCheck(theirs, RESOURCE).exit).isEqualTo(1);
        assertThat(checker.check(theirs, RESOURCE, BITS).kind()).isEqualTo(StampVerdict.Kind.WRONG_RESOURCE);

        String ours = ourStamp("bob@example.onion");
        assertThat(toolCheck(ours, RESOURCE).exit).isEqualTo(1);
    }

    @Test
    void aStampBelowTheRequiredBitsShouldBeRefusedByBoth() throws Exception {
        Run run = hashcash("-mq", "-b", "6", RESOURCE);
        assertThat(toolCheck(run.output, RESOURCE).exit).isEqualTo(1);
        assertThat(checker.check(run.output, RESOURCE, BITS).kind()).isEqualTo(StampVerdict.Kind.INSUFFICIENT_BITS);
    }
}
