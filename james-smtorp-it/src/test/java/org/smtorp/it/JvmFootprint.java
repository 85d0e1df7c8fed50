/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
 * compiler included, with the Java ones). Thread names are folded: every run of digits
 * becomes {@code N}, so a pool's threads count as one name.
 */
final class JvmFootprint {
    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");
    // One space of indent: the heap's own lines (G1's "garbage-first heap", Serial's generations), not their spaces.
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^ \\S.*total \\d+K, used (\\d+)K");
    private static final Pattern METASPACE_USED = Pattern.compile("(?m)^ Metaspace\\s+used (\\d+)K");
    private static final Pattern THREAD = Pattern.compile("(?m)^\"(.*)\" (?:#\\d+|os_prio=)");

    private final long rssKib;
    private final long heapUsedKib;
    private final long metaspaceUsedKib;
    private final Map<String, Integer> threads;

    private JvmFootprint(long rssKib, long heapUsedKib, long metaspaceUsedKib, Map<String, Integer> threads) {
        this.rssKib = rssKib;
        this.heapUsedKib = heapUsedKib;
        this.metaspaceUsedKib = metaspaceUsedKib;
        this.threads = Map.copyOf(threads);
    }

    /** Forces a full GC in process {@code pid} ({@code jcmd GC.run}), then reads its footprint. */
    static JvmFootprint measureAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        Map<String, Integer> threads = new TreeMap<>();
        Matcher thread = THREAD.matcher(jcmd(pid, "Thread.print"));
        while (thread.find()) {
            threads.merge(thread.group(1).replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        long heapUsed = 0;
        Matcher used = HEAP_USED.matcher(heap);
        while (used.find()) {
            heapUsed += Long.parseLong(used.group(1));
        }
        if (heapUsed == 0 || threads.isEmpty()) {
            throw new IllegalStateException("jcmd " + pid + " gave no heap or no thread:\n" + heap);
        }
        return new JvmFootprint(rss(pid), heapUsed, first(METASPACE_USED, heap, "GC.heap_info of " + pid), threads);
    }

    /** RSS in KiB of process {@code pid}, any process (tor too). */
    static long rss(long pid) throws IOException {
        return first(RSS, Files.readString(Path.of("/proc", Long.toString(pid), "status")), "/proc/" + pid + "/status");
    }

    int threadCount() {
        return threads.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line: this (A) against {@code baseline} (B), each figure with the difference. */
    String comparedTo(JvmFootprint baseline) {
        return String.format("RSS A %d MiB, B %d MiB (%+d MiB); heap used A %d MiB, B %d MiB (%+d MiB); "
                + "metaspace used A %d MiB, B %d MiB (%+d MiB); threads A %d, B %d (%+d)",
            mib(rssKib), mib(baseline.rssKib), mib(rssKib - baseline.rssKib),
            mib(heapUsedKib), mib(baseline.heapUsedKib), mib(heapUsedKib - baseline.heapUsedKib),
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
        return "RSS " + mib(rssKib) + " MiB, heap used " + mib(heapUsedKib) + " MiB, metaspace used "
            + mib(metaspaceUsedKib) + " MiB, " + threadCount() + " threads " + List.copyOf(threads.entrySet());
    }
}
