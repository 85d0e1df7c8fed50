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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.net.smtp.SMTPReply;
import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smtorp.lab.Directories;

/**
 * A user's Ctrl-C on {@code bin/smtorp demo} (without {@code --once}): the demo runs in a
 * process group of its own, as a terminal's foreground job, and the whole group gets
 * SIGINT at once ({@code kill -INT -PGID}), so the CLI, both James JVMs and every tor that
 * is still in the group receive it together. Every process of the group and every James
 * and tor the demo started is gone within 15 s, the James servers before the tors they
 * use, and the CLI exits 0 saying it stopped.
 */
class DemoInterruptIT {
    private static final Duration STOP_WITHIN = Duration.ofSeconds(15);
    private static final Duration RUNNING_WITHIN = Duration.ofSeconds(400);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Pattern SUBMISSION = Pattern.compile("swaks --server 127\\.0\\.0\\.1:(\\d+) --from (\\S+)");
    private static final Pattern LOGS = Pattern.compile("logs: (\\S+) and (\\S+)");
    // A valid v3 onion that nobody publishes: alice's James retries it every 3 s.
    private static final String UNREACHABLE = "nobody@lhnmvqkcfxadsfihyzdcfewoxln2ohal47qbebgpnm76a37mauqbavad.onion";

    private Optional<Demo> demo = Optional.empty();

    // A shell runs "( cmd & )" with SIGINT ignored, and every process it starts inherits that
    // (tor, the JVMs): a Ctrl-C then reaches nobody. Say so, rather than a demo that "did not stop".
    @BeforeAll
    static void sigintShouldReachTheDemo() throws IOException {
        String ignored = Files.readAllLines(Paths.get("/proc/self/status")).stream()
            .filter(line -> line.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim();
        assertThat(Long.parseUnsignedLong(ignored, 16) & (1L << 1))
            .as("SIGINT is ignored in the test JVM (SigIgn %s): the tests were started in the background by a "
                + "shell without job control, so no process of the demo can get a Ctrl-C; run bin/test in the "
                + "foreground", ignored)
            .isZero();
    }

    @AfterEach
    void killWhatIsLeft() {
        demo.ifPresent(Demo::killAll);
    }

    @Test
    void ctrlCWhileRunningWithMailInFlightShouldStopJamesThenTorWithinFifteenSeconds() throws Exception {
        Demo running = start("DemoInterruptIT-running");
        String printed = running.awaitOutput("Running. Ctrl-C", RUNNING_WITHIN);
        Matcher submission = SUBMISSION.matcher(printed);
        Matcher logs = LOGS.matcher(printed);
        assertThat(submission.find()).as(printed).isTrue();
        assertThat(logs.find()).as(printed).isTrue();
        submit(Integer.parseInt(submission.group(1)), submission.group(2), UNREACHABLE);
        running.awaitFile(Paths.get(logs.group(1)), "temporary failure", Duration.ofSeconds(60));

        Stopped stopped = running.interrupt();

        System.out.println("DemoInterruptIT (mail in flight): " + stopped);
        stopped.assertAllEndedWithin(STOP_WITHIN);
        assertThat(stopped.james()).hasSize(2);
        assertThat(stopped.networkTors()).hasSize(7);
        assertThat(stopped.lastEnd(stopped.james()))
            .as("James ends before the tors of the network it uses: %s", stopped)
            .isLessThanOrEqualTo(stopped.firstEnd(stopped.networkTors()));
        assertThat(running.exitValue()).as(running.output()).isZero();
        assertThat(running.output()).contains("SIGINT: stopping alice and bob, then the Tor network",
            "stopped: James servers and tors ended in");
    }

    @Test
    void ctrlCWhileJamesStartsShouldStopEverythingWithinFifteenSeconds() throws Exception {
        Demo starting = start("DemoInterruptIT-starting");
        starting.awaitOutput("private Tor network ready", RUNNING_WITHIN);
        starting.awaitJamesLaunched(Duration.ofSeconds(60));

        Stopped stopped = starting.interrupt();

        System.out.println("DemoInterruptIT (James starting): " + stopped);
        stopped.assertAllEndedWithin(STOP_WITHIN);
        assertThat(stopped.james()).hasSize(2);
        assertThat(starting.exitValue()).as(starting.output()).isZero();
        assertThat(starting.output()).contains("stopped: James servers and tors ended in");
    }

    private Demo start(String name) throws IOException {
        Path dir = IntegrationEnvironment.workDir().resolve(name);
        Directories.deleteRecursively(dir);
        Path output = Files.createTempFile(IntegrationEnvironment.workDir(), name + "-", ".out");
        Path home = Paths.get(System.getProperty("smtorp.home"));
        // setsid: a new session and process group led by the demo, as a shell makes for a foreground job.
        ProcessBuilder builder = new ProcessBuilder("setsid", home.resolve("bin/smtorp").toString(), "demo",
            "--dir", dir.toString())
            .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("SMTORP_SKIP_BUILD", "1");
        Demo started = new Demo(builder.start(), output);
        demo = Optional.of(started);
        return started;
    }

    private static void submit(int port, String from, String to) throws IOException {
        SMTPSClient client = SmtpClients.plain(port);
        try {
            client.login("it.example");
            assertThat(client.setSender(from)).as(client.getReplyString()).isTrue();
            assertThat(client.addRecipient(to)).as(client.getReplyString()).isTrue();
            assertThat(client.sendShortMessageData("Subject: in flight\r\n\r\nretried until Ctrl-C\r\n"))
                .as(client.getReplyString()).isTrue();
            assertThat(SMTPReply.isPositiveCompletion(client.getReplyCode())).isTrue();
        } finally {
            SmtpClients.close(client);
        }
    }

    /** The demo's process (its PID is its process group's) and every process it started, seen while it runs. */
    private static final class Demo {
        private final Process process;
        private final Path output;
        private final Map<Long, Seen> seen = new LinkedHashMap<>();

        Demo(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        String awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - deadline < 0) {
                track();
                String printed = output();
                if (printed.contains(text)) {
                    return printed;
                }
                assertThat(process.isAlive()).as("the demo exited before \"%s\":%n%s", text, printed).isTrue();
                Thread.sleep(POLL.toMillis());
            }
            throw new AssertionError("no \"" + text + "\" within " + timeout.toSeconds() + " s:\n" + output());
        }

        void awaitFile(Path file, String text, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - deadline < 0) {
                track();
                if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
            throw new AssertionError("no \"" + text + "\" in " + file + " within " + timeout.toSeconds() + " s");
        }

        // Both James JVMs exist, before either says it started.
        void awaitJamesLaunched(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.values().stream().filter(Seen::isJames).count() < 2) {
                assertThat(System.nanoTime() - deadline).as("both James launched:%n%s", output()).isNegative();
                track();
                Thread.sleep(POLL.toMillis());
            }
        }

        /** SIGINT to the whole process group, as a terminal's Ctrl-C; then watches every process end. */
        Stopped interrupt() throws IOException, InterruptedException {
            track();
            long pgid = process.pid();
            assertThat(new ProcessBuilder("kill", "-INT", "--", "-" + pgid).start().waitFor()).isZero();
            long begin = System.nanoTime();
            long deadline = begin + STOP_WITHIN.plusSeconds(5).toNanos();
            Map<Long, Duration> ended = new LinkedHashMap<>();
            while (System.nanoTime() - deadline < 0) {
                track();
                Duration now = Duration.ofNanos(System.nanoTime() - begin);
                seen.values().stream().filter(p -> !ended.containsKey(p.pid) && !p.isAlive())
                    .forEach(p -> ended.put(p.pid, now));
                if (ended.size() == seen.size() && !process.isAlive() && groupMembers(pgid).isEmpty()) {
                    break;
                }
                Thread.sleep(POLL.toMillis());
            }
            process.waitFor(1, TimeUnit.SECONDS);
            return new Stopped(Map.copyOf(seen), ended, groupMembers(pgid));
        }

        int exitValue() {
            return process.exitValue();
        }

        String output() throws IOException {
            return Files.readString(output, StandardCharsets.UTF_8);
        }

        // The CLI's descendants: the network's tors, both James JVMs and their managed tors, watchdogs.
        // A process first seen between fork and exec is seen again under its real command.
        private void track() {
            seen.computeIfAbsent(process.pid(), pid -> Seen.of(process.toHandle(), 0));
            process.toHandle().descendants().forEach(child -> seen.merge(child.pid(), Seen.of(child, process.pid()),
                Seen::again));
        }

        void killAll() {
            track();
            seen.values().forEach(p -> p.handle.destroyForcibly());
            process.destroyForcibly();
        }
    }

    /** A process of the demo, its command and whether the CLI itself started it. */
    private static final class Seen {
        private final long pid;
        private final ProcessHandle handle;
        private final String command;
        private final boolean childOfCli;

        private Seen(ProcessHandle handle, String command, boolean childOfCli) {
            this.pid = handle.pid();
            this.handle = handle;
            this.command = command;
            this.childOfCli = childOfCli;
        }

        static Seen of(ProcessHandle handle, long cli) {
            return new Seen(handle, commandLine(handle.pid()),
                handle.parent().map(ProcessHandle::pid).orElse(-1L) == cli);
        }

        // The command as it is now, the parent as first seen (an orphan's parent is no longer its starter).
        Seen again(Seen now) {
            return now.command.equals(command) || now.command.equals("?") ? this
                : new Seen(handle, now.command, childOfCli);
        }

        // The lab's James command line names its working directory before its long class path.
        boolean isJames() {
            return command.contains("-Dworking.directory=");
        }

        // The lab starts each tor of the network with --defaults-torrc; James's managed tors are James's children.
        boolean isNetworkTor() {
            return childOfCli && command.contains("--defaults-torrc");
        }

        // A zombie counts as ended: it only waits for its parent to read its status.
        boolean isAlive() {
            return handle.isAlive() && !state(pid).equals("Z");
        }

        boolean isSleep() {
            return command.startsWith("sleep ") || command.contains("/sleep ");
        }

        @Override
        public String toString() {
            String name = isJames() ? "james " + (command.contains("/alice/") ? "alice" : "bob")
                : isNetworkTor() ? "network tor" : command.length() > 50 ? command.substring(0, 50) : command;
            return pid + " " + name;
        }
    }

    /** When each process ended after the SIGINT, and what of the group was still there. */
    private static final class Stopped {
        private final Map<Long, Seen> processes;
        private final Map<Long, Duration> ended;
        private final List<Long> groupLeft;

        Stopped(Map<Long, Seen> processes, Map<Long, Duration> ended, List<Long> groupLeft) {
            this.processes = processes;
            this.ended = Map.copyOf(ended);
            this.groupLeft = groupLeft;
        }

        List<Seen> james() {
            return processes.values().stream().filter(Seen::isJames).collect(Collectors.toList());
        }

        List<Seen> networkTors() {
            return processes.values().stream().filter(Seen::isNetworkTor).collect(Collectors.toList());
        }

        Duration lastEnd(List<Seen> some) {
            return some.stream().map(p -> ended.get(p.pid)).max(Duration::compareTo).orElseThrow();
        }

        Duration firstEnd(List<Seen> some) {
            return some.stream().map(p -> ended.get(p.pid)).min(Duration::compareTo).orElseThrow();
        }

        void assertAllEndedWithin(Duration limit) {
            List<String> late = processes.values().stream()
                .filter(p -> !ended.containsKey(p.pid) || ended.get(p.pid).compareTo(limit) > 0)
                .map(Seen::toString).collect(Collectors.toList());
            assertThat(late).as("processes of the demo not ended within %d s of SIGINT: %s", limit.toSeconds(), this)
                .isEmpty();
            assertThat(groupLeft).as("processes left in the demo's process group").isEmpty();
        }

        // The watchdogs' one-second sleeps only when late: they are many.
        @Override
        public String toString() {
            return processes.values().stream()
                .filter(p -> !p.isSleep() || !ended.containsKey(p.pid) || ended.get(p.pid).compareTo(STOP_WITHIN) > 0)
                .map(p -> p + " " + Optional.ofNullable(ended.get(p.pid)).map(d -> d.toMillis() + " ms").orElse("ALIVE"))
                .collect(Collectors.joining(", "));
        }
    }

    // Every live process whose process group is pgid, from /proc (Java has no getpgid).
    private static List<Long> groupMembers(long pgid) {
        try (Stream<Path> entries = Files.list(Paths.get("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                .map(Long::parseLong)
                .filter(pid -> statField(pid, 2).equals(String.valueOf(pgid)) && !state(pid).equals("Z"))
                .collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // /proc/PID/cmdline whole: ProcessHandle.Info cuts a long one (James's class path) short.
    private static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Paths.get("/proc", String.valueOf(pid), "cmdline"));
            String command = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            // A zombie's is empty.
            return command.isEmpty() ? "?" : command;
        } catch (IOException e) {
            return "?";
        }
    }

    private static String state(long pid) {
        return statField(pid, 0);
    }

    // /proc/PID/stat after the command's closing parenthesis: state, ppid, pgrp, ...
    private static String statField(long pid, int index) {
        try {
            String stat = Files.readString(Paths.get("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[index];
        } catch (IOException e) {
            return "";
        }
    }
}
