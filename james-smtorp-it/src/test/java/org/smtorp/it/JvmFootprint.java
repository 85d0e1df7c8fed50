/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a running JVM holds, read from outside after a full GC: RSS ({@code VmRSS} of
 * {@code /proc/<pid>/status}), heap and metaspace used ({@code jcmd <pid> GC.heap_info}) and
 * its threads ({@code jcmd <pid> Thread.print}, which lists the JVM's own threads, GC and JIT
 * compiler included, with the Java ones). Heap committed is what the heap holds of RSS after
 * the GC, used or not. Thread names are folded: every number, decimal or a hexadecimal word
 * such as an identity hash, becomes {@code N}, so a pool's threads count as one name.
 */
final class JvmFootprint {
    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");
    // One space of indent: the heap's own lines (G1's "garbage-first heap", Serial's generations), not their spaces.
    private static final Pattern HEAP = Pattern.compile("(?m)^ \\S.*total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE_USED = Pattern.compile("(?m)^ Metaspace\\s+used (\\d+)K");
    private static final Pattern THREAD = Pattern.compile("(?m)^\"(.*)\" (?:#\\d+|os_prio=)");
    // Jetty's "qtp1234-56-acceptor-0@6afb12-ServerConnector@d1c2c{...}": identity hashes differ from run to run.
    private static final Pattern HEXADECIMAL_WORD = Pattern.compile("\\b(?=[0-9a-f]*\\d)[0-9a-f]+\\b");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final long rssKib;
    private final long heapUsedKib;
    private final long heapCommittedKib;
    private final long metaspaceUsedKib;
    private final Map<String, Integer> threads;

    private JvmFootprint(long rssKib, long heapUsedKib, long heapCommittedKib, long metaspaceUsedKib,
                         Map<String, Integer> threads) {
        this.rssKib = rssKib;
        this.heapUsedKib = heapUsedKib;
        this.heapCommittedKib = heapCommittedKib;
        this.metaspaceUsedKib = metaspaceUsedKib;
        this.threads = Collections.unmodifiableMap(new TreeMap<>(threads));
    }

    /** Forces a full GC in process {@code pid} ({@code jcmd GC.run}), then reads its footprint. */
    static JvmFootprint measureAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        Map<String, Integer> threads = new TreeMap<>();
        Matcher thread = THREAD.matcher(jcmd(pid, "Thread.print"));
        while (thread.find()) {
            threads.merge(fold(thread.group(1)), 1, Integer::sum);
        }
        long heapUsed = 0;
        long heapCommitted = 0;
        Matcher generation = HEAP.matcher(heap);
        while (generation.find()) {
            heapCommitted += Long.parseLong(generation.group(1));
            heapUsed += Long.parseLong(generation.group(2));
        }
        if (heapUsed == 0 || threads.isEmpty()) {
            throw new IllegalStateException("jcmd " + pid + " gave no heap or no thread:\n" + heap);
        }
        return new JvmFootprint(rss(pid), heapUsed, heapCommitted, first(METASPACE_USED, heap, "GC.heap_info of " + pid), threads);
    }

    /** RSS in KiB of process {@code pid}, any process (tor too). */
    static long rss(long pid) throws IOException {
        return first(RSS, Files.readString(Path.of("/proc", Long.toString(pid), "status")), "/proc/" + pid + "/status");
    }

    private static String fold(String threadName) {
        return DIGITS.matcher(HEXADECIMAL_WORD.matcher(threadName).replaceAll("N")).replaceAll("N");
    }

    int threadCount() {
        return threads.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line: this (A) against {@code baseline} (B), each figure with the difference. */
    String comparedTo(JvmFootprint baseline) {
        return String.format("RSS A %d MiB, B %d MiB (%+d MiB); heap used A %d MiB, B %d MiB (%+d MiB); "
                + "heap committed A %d MiB, B %d MiB (%+d MiB); metaspace used A %d MiB, B %d MiB (%+d MiB); threads A %d, B %d (%+d)",
            mib(rssKib), mib(baseline.rssKib), mib(rssKib - baseline.rssKib),
            mib(heapUsedKib), mib(baseline.heapUsedKib), mib(heapUsedKib - baseline.heapUsedKib),
            mib(heapCommittedKib), mib(baseline.heapCommittedKib), mib(heapCommittedKib - baseline.heapCommittedKib),
            mib(metaspaceUsedKib), mib(baseline.metaspaceUsedKib), mib(metaspaceUsedKib - baseline.metaspaceUsedKib),
            threadCount(), baseline.threadCount(), threadCount() - baseline.threadCount());
    }

    /** The folded thread names this has more of than {@code baseline}, as "name x extra", by name. */
    String threadsAddedTo(JvmFootprint baseline) {
        String added = threads.entrySet().stream()
            .filter(name -> name.getValue() > baseline.threads.getOrDefault(name.getKey(), 0))
            .map(name -> name.getKey() + " x" + (name.getValue() - baseline.threads.getOrDefault(name.getKey(), 0)))
            .collect(Collectors.joining(", "));
        return added.isEmpty() ? "none" : added;
    }

    /** The folded thread names {@code baseline} has more of, the other way round. */
    String threadsMissingFrom(JvmFootprint baseline) {
        return baseline.threadsAddedTo(this);
    }

    static long mib(long kib) {
        return Math.round(kib / 1024.0);
    }

    private static long first(Pattern pattern, String text, String source) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + source + ":\n" + text);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        PeerRun run = PeerRun.of(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(pid), command);
        if (run.exitCode() != 0) {
            throw new IllegalStateException(run.toString());
        }
        return run.output();
    }

    @Override
    public String toString() {
        return "RSS " + mib(rssKib) + " MiB, heap used " + mib(heapUsedKib) + " MiB of " + mib(heapCommittedKib) + " MiB, metaspace used "
            + mib(metaspaceUsedKib) + " MiB, " + threadCount() + " threads " + List.copyOf(threads.entrySet());
    }
}
